#!/usr/bin/env python3
"""Writes the cyclic HDF5 files HostileInputsTest reads (run once; the outputs are committed, 2-6 kB each).

cycle.h5:       /a/b is a hard link to /a (a group containing itself through its child), /a/self links to /a.
root-cycle.h5:  /loop is a hard link to the root group.
HDF5 allows both; a walker that follows links without remembering where it has been never ends.
"""
import h5py
import numpy as np

with h5py.File("cycle.h5", "w", libver="earliest") as f:
    a = f.create_group("a")
    a.attrs["note"] = "ancestor"
    a.create_dataset("d", data=np.arange(3, dtype="int32"))
    a["b"] = a          # hard link: /a/b is /a
    a["self"] = a       # and again, by another name

with h5py.File("root-cycle.h5", "w", libver="earliest") as f:
    f.attrs["note"] = "root"
    f["loop"] = f["/"]  # hard link: /loop is /
