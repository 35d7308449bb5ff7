#ifndef GRAPHGRAD_CZLIB_SHIM_H
#define GRAPHGRAD_CZLIB_SHIM_H
#include <zlib.h>
#endif
