

	badÿþnameNoOp