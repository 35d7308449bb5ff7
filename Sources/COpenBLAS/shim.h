#ifndef GRAPHGRAD_COPENBLAS_SHIM_H
#define GRAPHGRAD_COPENBLAS_SHIM_H
#include <cblas.h>
#endif
