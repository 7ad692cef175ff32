#!/usr/bin/env python3
"""Writes newstyle.h5 and mixed.h5, which Hdf5NewStylePrefetchTest reads (run once; the output is committed, a few kB).

A NeXus-shaped file in HDF5's 1.8+ format (libver "latest": superblock v3, version-2 object headers "OHDR"): groups
keeping their links in their own headers (compact storage), one group of many links (dense storage: a fractal heap
and a name index), a group whose header grew after it was written (attributes added later: a continuation block
"OCHK"), a contiguous dataset and a single-chunk dataset (data layout version 4). The test breaks copies of it in
memory (a cut, a link name length past its message, continuations past the end or in a cycle) and checks that the
prefetch finishes fast and changes nothing.
"""
import h5py
import numpy as np

with h5py.File("newstyle.h5", "w", libver="latest") as f:
    entry = f.create_group("entry")
    entry.attrs["NX_class"] = "NXentry"
    instrument = entry.create_group("instrument_alpha")
    instrument.create_dataset("voltage_kV", data=np.float64(300.0))
    instrument.create_dataset("axis_values", data=np.arange(40, dtype="float64"))
    instrument.create_dataset("single_chunk", data=np.arange(6, dtype="int32"), chunks=(6,))
    dense = entry.create_group("many_links", track_order=False)
    for i in range(20):
        dense.create_dataset("value_%02d" % i, data=np.int32(i))
    grown = entry.create_group("grown_group")
    grown.create_dataset("first", data=np.int16(1))
    # attributes added after the group's header was written: the header overflows into a continuation block
    for i in range(12):
        grown.attrs["late_attribute_%02d" % i] = "x" * 40


def list_addresses(path, listing):
    """Every object's header address as the HDF5 library reports it, one "path address" a line, then every small
    dataset's data address ("data path address": a contiguous block's, or a chunked dataset's first chunk's): what the
    test expects the prefetch to have fetched when its plan lists every group and reads every small dataset."""
    with h5py.File(path, "r") as f, open(listing, "w") as out:
        out.write("/ %d\n" % h5py.h5o.get_info(f.id).addr)
        data = []

        def write(name, obj):
            out.write("/%s %d\n" % (name, h5py.h5o.get_info(obj.id).addr))
            if isinstance(obj, h5py.Dataset) and obj.id.get_storage_size() <= 4096:  # a small dataset's
                at = obj.id.get_offset() if obj.chunks is None else obj.id.get_chunk_info(0).byte_offset
                data.append("data /%s %d\n" % (name, at))
            # returns None: visiting goes on

        f.visititems(write)
        out.writelines(data)


list_addresses("newstyle.h5", "newstyle-headers.txt")

# mixed.h5: the old format's superblock (version 0) and root symbol table, but groups that track their links'
# creation order, which the library writes as new-style groups (version-2 headers with link messages) inside it
with h5py.File("mixed.h5", "w", libver="earliest") as f:
    entry = f.create_group("entry", track_order=True)
    for i in range(3):
        entry.create_dataset("value_%d" % i, data=np.int32(i))
    # metadata between the first structures and the last, so that a fetch of the first does not bring the last
    for i in range(64):
        entry.attrs["filler_%02d" % i] = "x" * 300
    entry.create_group("sub", track_order=True).create_dataset("deep", data=np.float64(1.5))
list_addresses("mixed.h5", "mixed-headers.txt")
