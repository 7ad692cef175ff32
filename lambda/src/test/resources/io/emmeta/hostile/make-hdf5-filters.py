#!/usr/bin/env python3
"""Writes filters.h5, which HostileInputsTest and CliJarIT read (run once; the output is committed, a few kB).

Small datasets stored with the HDF5 filters that instrument software uses: LZF (h5py's own, as in the corpus' SPARC
file), deflate, shuffle + deflate, Fletcher-32 checksums, and scale-offset (a filter jHDF does not implement), each
holding known values, plus string and number attributes. A reader must decode what its library supports and say
what it cannot, without the run dying (a missing LZF class once killed the CLI) or an INTERNAL record.
"""
import h5py
import numpy as np

values = np.arange(12, dtype="int32").reshape(3, 4) * 7
with h5py.File("filters.h5", "w", libver="earliest") as f:
    f.attrs["instrument"] = "filter test bench"
    f.attrs["voltage_kV"] = 200.0
    g = f.create_group("filters")
    g.create_dataset("lzf", data=values, chunks=(3, 4), compression="lzf")
    g.create_dataset("deflate", data=values, chunks=(3, 4), compression="gzip", compression_opts=6)
    g.create_dataset("shuffle_deflate", data=values, chunks=(3, 4), compression="gzip", shuffle=True)
    g.create_dataset("fletcher32", data=values, chunks=(3, 4), fletcher32=True)
    g.create_dataset("scaleoffset", data=values, chunks=(3, 4), scaleoffset=0)
    g["lzf"].attrs["units"] = "counts"
