
dabc