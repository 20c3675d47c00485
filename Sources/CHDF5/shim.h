// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors
// The C API of libhdf5 (Debian: libhdf5-dev, serial build). Only the VolleyFormats module imports it.
// HDF5 spells its predefined types and property lists as macros that expand to global ids
// (after initialising the library), which Swift cannot import; these accessors return them.
#include <hdf5.h>

static inline hid_t volley_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t volley_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t volley_H5E_DEFAULT(void) { return H5E_DEFAULT; }
static inline hid_t volley_H5S_ALL(void) { return H5S_ALL; }
static inline hsize_t volley_H5S_UNLIMITED(void) { return H5S_UNLIMITED; }
static inline size_t volley_H5T_VARIABLE(void) { return H5T_VARIABLE; }
static inline unsigned volley_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned volley_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }

static inline hid_t volley_H5T_C_S1(void) { return H5T_C_S1; }
static inline hid_t volley_H5T_STD_U8LE(void) { return H5T_STD_U8LE; }
static inline hid_t volley_H5T_STD_U32LE(void) { return H5T_STD_U32LE; }
static inline hid_t volley_H5T_STD_U64LE(void) { return H5T_STD_U64LE; }
static inline hid_t volley_H5T_IEEE_F64LE(void) { return H5T_IEEE_F64LE; }
static inline hid_t volley_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t volley_H5T_NATIVE_UINT32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t volley_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t volley_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }

// The readers' memory types and the tests' stored types for signed and single-precision data.
static inline hid_t volley_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t volley_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t volley_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t volley_H5T_STD_I8LE(void) { return H5T_STD_I8LE; }
static inline hid_t volley_H5T_STD_I32LE(void) { return H5T_STD_I32LE; }
static inline hid_t volley_H5T_STD_I64LE(void) { return H5T_STD_I64LE; }
static inline hid_t volley_H5T_STD_I64BE(void) { return H5T_STD_I64BE; }
static inline hid_t volley_H5T_STD_U16LE(void) { return H5T_STD_U16LE; }
static inline hid_t volley_H5T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }
