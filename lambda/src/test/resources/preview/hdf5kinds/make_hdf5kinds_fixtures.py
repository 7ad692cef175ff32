"""Fixtures of Hdf5KindsPreviewTest (run from the repository root with /usr/bin/python3; h5py 3.7, numpy; the Dectris
plane also needs the `lz4` package, an LZ4 implementation of its own).

expected.txt: for each corpus file, the plane its preview should show, as h5py decodes it: path, shape, min, max, sum,
sum of squares and the values at three fixed places. The test checks jHDF's whole read of the same plane against these
numbers before correlating the preview with it, so the reference plane has two independent decoders behind it.

The Dectris data file's chunks are bitshuffle + LZ4 (filter 32008), which Debian's h5py cannot decode (no plugin):
its first frame is decoded here from the raw chunk (h5py's read_direct_chunk) with the lz4 package and numpy, after
the layout the bitshuffle project documents (12-byte header: u64 BE decoded size, u32 BE block bytes; per block a u32
BE compressed size and an LZ4 block of the block's bits transposed; the last elements % 8 elements stored plain).

bitshuffle_frames.h5, bitshuffle_tail.h5: the corpus Dectris file's 16 frames are all zeros (as both decoders
agree), which tests no decoding; these hold two uint16 frames each (a disc on a gradient with noise; frame 1 another
picture) in Dectris's layout, /entry/data/data chunked per frame, bitshuffle + LZ4, encoded here with numpy and the lz4
package. 128 x 96 = 12288 elements are three full blocks of 4096; 33 x 37 = 1221 elements are one short block of 1216
and 5 elements stored plain (bitshuffle_core.c, bshuf_blocked_wrap_fun). jHDF's own bitshuffle filter decodes both in
the test, so the layout written here is checked by a decoder neither of ours. (jHDF 0.13 mis-decodes a chunk of full
blocks AND a short one: it copies the short block's bytes undecoded; hence two files, not one frame of both.)

topspin_frames.app5: a TopSpin file (a procedure document at the root, as in topspin_test_A.app5) without a
VirtualStemImageResult: its series' frame 0 (a diffraction-like spot with a ring, 20 x 24 float32) is the preview,
on a log scale; frame 1 is another pattern.

hostile_*.h5, hostile_*.app5: files whose declared layout lies (made by h5py, the chunk bytes written directly):
  - hostile_odemis_huge.h5: an Odemis file whose survey image declares 2^20 x 2^20 pixels in 16 x 16 chunks,
    none written: the preview must refuse before listing 2^32 chunks (TOO_LARGE);
  - hostile_dectris_block.h5: a Dectris-like frame whose bitshuffle block declares 2^31 - 1 compressed bytes;
  - hostile_dectris_lz4.h5: a frame whose LZ4 block copies from before the start of its output;
  - hostile_dectris_header.h5: a frame whose bitshuffle header declares another decoded size than the chunk's;
  - hostile_dectris_blocksize.h5: a frame whose bitshuffle header declares blocks of 4 GB - 32 bytes, its one block
    8 bytes of LZ4 that do not decode to the frame;
  - hostile_topspin_unwritten.app5: the navigator TopSpin names is declared 4096 x 4096 float64 but never written
    (no data address).
"""
import os
import struct
import sys

import h5py
import numpy as np

CORPUS = '../shared/corpus'
HERE = os.path.dirname(os.path.abspath(__file__))

PLANES = [
    ('public/rosettasciio/sparc-intensity.h5', 'Acquisition0/ImageData/Image'),
    ('public/rosettasciio/test_hyperspectral.h5', 'Acquisition0/ImageData/Image'),
    ('public/rosettasciio/topspin_test_A.app5', '39a4bbcd-2551-4912-9093-0eaed678dcff'),
    ('public/rosettasciio/topspin_test_B.app5',
     '18d9446f-22bf-4fb1-8d13-338174e75d20/b0212ada-90b1-4117-8ed5-355717e4910b'),
]
DECTRIS = ('public/rosettasciio/test_00_data_000001.h5', 'entry/data/data')


def plane_of(a):
    while a.ndim > 2:
        a = a[0]
    return a.astype(np.float64)


def unbitshuffle_lz4(chunk, dtype, count):
    import lz4.block
    total, block_bytes = struct.unpack('>QI', chunk[:12])
    item = np.dtype(dtype).itemsize
    assert total == count * item
    per_block = block_bytes // item
    out = bytearray()
    at = 12
    done = 0
    while count - done >= 8:
        n = min(per_block, (count - done) // 8 * 8)
        size, = struct.unpack('>I', chunk[at:at + 4])
        at += 4
        raw = lz4.block.decompress(chunk[at:at + size], uncompressed_size=n * item)
        at += size
        # rows of n/8 bytes: row j*8+k holds bit k of byte j of every element, element i at bit i % 8 of byte i // 8
        bits = np.unpackbits(np.frombuffer(raw, np.uint8).reshape(item * 8, n // 8), axis=1, bitorder='little')
        bits = bits.reshape(item, 8, n)  # [byte j][bit k][element]
        data = np.packbits(bits.transpose(2, 0, 1), axis=2, bitorder='little').reshape(n, item)
        out += data.tobytes()
        done += n
    out += chunk[at:at + (count - done) * item]
    return np.frombuffer(bytes(out), dtype)


def bitshuffle_lz4(data, block_elements):
    """The inverse of unbitshuffle_lz4: bitshuffle's chunk layout, each block bit-transposed and LZ4-compressed."""
    import lz4.block
    item = data.dtype.itemsize
    raw = data.tobytes()
    count = data.size
    out = bytearray(struct.pack('>QI', count * item, block_elements * item))
    done = 0
    while count - done >= 8:
        n = min(block_elements, (count - done) // 8 * 8)
        elems = np.frombuffer(raw[done * item:(done + n) * item], np.uint8).reshape(n, item)
        bits = np.unpackbits(elems, axis=1, bitorder='little').reshape(n, item, 8)  # [element][byte j][bit k]
        rows = np.packbits(bits.transpose(1, 2, 0).reshape(item * 8, n), axis=1, bitorder='little')
        packed = lz4.block.compress(rows.tobytes(), store_size=False)
        out += struct.pack('>I', len(packed)) + packed
        done += n
    out += raw[done * item:]
    return bytes(out)


def bitshuffle_frames(name, h, w):
    y, x = np.mgrid[0:h, 0:w]
    rng = np.random.default_rng(14)
    frame0 = 200 + 20 * x + 3000 * (((y - h * 0.4) ** 2 + (x - w * 0.6) ** 2) < (h / 6) ** 2) + rng.integers(0, 50, (h, w))
    frame1 = 4000 - 30 * y + rng.integers(0, 50, (h, w))
    frames = [frame0.astype('<u2'), frame1.astype('<u2')]
    # the encoder checked against the decoder above before it writes anything
    for f in frames:
        assert (unbitshuffle_lz4(bitshuffle_lz4(f, 4096), '<u2', h * w) == f.ravel()).all()
    with h5py.File(os.path.join(HERE, name), 'w') as f:
        entry = f.create_group('entry')
        entry.attrs['NX_class'] = np.bytes_('NXentry')
        ds = entry.create_dataset('data/data', shape=(2, h, w), dtype='<u2', chunks=(1, h, w),
                                  compression=32008, compression_opts=(0, 3, 2, 4096, 2), allow_unknown_filter=True)
        ds.attrs['image_nr_low'] = np.int32(1)
        ds.attrs['image_nr_high'] = np.int32(2)
        for i, fr in enumerate(frames):
            ds.id.write_direct_chunk((i, 0, 0), bitshuffle_lz4(fr, 4096))
    return frames


def stats_line(name, path, a):
    h, w = a.shape
    picks = [a[0, 0], a[h // 2, w // 2], a[h - 1, w - 1]]
    return '%s %s %d %d %r %r %r %r %s' % (name, path, h, w, float(a.min()), float(a.max()), float(a.sum()),
                                           float((a * a).sum()), ' '.join(repr(float(p)) for p in picks))


def expected():
    lines = []
    for rel, path in PLANES:
        with h5py.File(os.path.join(CORPUS, rel), 'r') as f:
            lines.append(stats_line(os.path.basename(rel), path, plane_of(f[path][()])))
    with h5py.File(os.path.join(CORPUS, DECTRIS[0]), 'r') as f:
        ds = f[DECTRIS[1]]
        _, raw = ds.id.read_direct_chunk((0,) * ds.ndim)
        h, w = ds.shape[-2:]
        frame = unbitshuffle_lz4(raw, ds.dtype.newbyteorder('<') if ds.dtype.byteorder == '=' else ds.dtype, h * w)
        lines.append(stats_line(os.path.basename(DECTRIS[0]), DECTRIS[1], frame.reshape(h, w).astype(np.float64)))
    for name, h, w in (('bitshuffle_frames.h5', 128, 96), ('bitshuffle_tail.h5', 33, 37)):
        for i, fr in enumerate(bitshuffle_frames(name, h, w)):
            lines.append(stats_line(name, 'frame%d' % i, fr.astype(np.float64)))
    for i, fr in enumerate(topspin('topspin_frames.app5', False)):
        lines.append(stats_line('topspin_frames.app5', 'frame%d' % i, fr.astype(np.float64)))
    with open(os.path.join(HERE, 'expected.txt'), 'w') as out:
        out.write('\n'.join(lines) + '\n')


def odemis_huge():
    with h5py.File(os.path.join(HERE, 'hostile_odemis_huge.h5'), 'w') as f:
        svi = f.create_group('Acquisition0/SVIData')
        svi['Company'] = np.bytes_('Delmic')
        svi['WriterVersion'] = np.bytes_('Odemis 3.1.0')
        f['Acquisition0/PhysicalData/Title'] = np.bytes_('Secondary electrons survey')
        f['Acquisition0/ImageData/DimensionScaleX'] = 1e-9
        f['Acquisition0/ImageData/DimensionScaleY'] = 1e-9
        f.create_dataset('Acquisition0/ImageData/Image', shape=(1, 1, 1, 1 << 20, 1 << 20), dtype='<u2',
                         chunks=(1, 1, 1, 16, 16), compression='gzip')


def dectris_like(name, chunk):
    with h5py.File(os.path.join(HERE, name), 'w') as f:
        entry = f.create_group('entry')
        entry.attrs['NX_class'] = np.bytes_('NXentry')
        ds = entry.create_dataset('data/data', shape=(2, 64, 64), dtype='<u4', chunks=(1, 64, 64),
                                  compression=32008, compression_opts=(0, 3, 4, 0, 2), allow_unknown_filter=True)
        ds.attrs['image_nr_low'] = np.int32(1)
        ds.attrs['image_nr_high'] = np.int32(2)
        ds.id.write_direct_chunk((0, 0, 0), chunk)
        ds.id.write_direct_chunk((1, 0, 0), chunk)


SERIES = 'a0dba950-15bf-4a74-a81c-9cea8560c2c8'
NAVIGATOR = '39a4bbcd-2551-4912-9093-0eaed678dcff'


def procedure(navigator):
    items = ('<Item><Name Serializer="String" Version="1">Result</Name><Value Serializer="ImageSeriesSerializer" '
             'Version="2"><Id Serializer="Guid" Version="1">%s</Id><Count Serializer="UInt32" Version="1">2</Count>'
             '</Value></Item>' % SERIES)
    if navigator:
        items += ('<Item><Name Serializer="String" Version="1">VirtualStemImageResult</Name><Value '
                  'Serializer="ImageDataSerializer" Version="1"><Id Serializer="Guid" Version="1">%s</Id></Value>'
                  '</Item>' % NAVIGATOR)
    return ("<?xml version='1.0' encoding='us-ascii'?>\n<Metadata Serializer=\"ProcedureDocumentSerializer\" "
            "Version=\"2\">\n  <Id Serializer=\"Guid\" Version=\"1\">0b1c2d3e-0000-4000-8000-000000000001</Id>\n"
            "  <StartDateTime Serializer=\"DateTime\" Version=\"1\">05/04/2021 10:11:12</StartDateTime>\n"
            "  <ProcedureData>%s</ProcedureData>\n</Metadata>" % items)


def topspin(name, navigator):
    h, w = 20, 24
    y, x = np.mgrid[0:h, 0:w]
    r0 = np.hypot(y - 9.5, x - 11.5)
    r1 = np.hypot(y - 4, x - 18)
    frames = [(1e4 * np.exp(-r0 / 1.5) + 300 * np.exp(-((r0 - 7) ** 2) / 2) + 5).astype('<f4'),
              (1e4 * np.exp(-r1 / 1.5) + 5).astype('<f4')]
    with h5py.File(os.path.join(HERE, name), 'w') as f:
        f['Metadata'] = np.bytes_(procedure(navigator))
        for i, fr in enumerate(frames):
            f['%s/%d/Data' % (SERIES, i)] = fr
        if navigator:
            f.create_dataset(NAVIGATOR, shape=(4096, 4096), dtype='<f8')  # declared, never written
    return frames


def hostile():
    odemis_huge()
    frame = 64 * 64 * 4
    header = struct.pack('>QI', frame, 8192)
    # the first block claims 2^31 - 1 compressed bytes
    dectris_like('hostile_dectris_block.h5', header + struct.pack('>I', 0x7fffffff) + bytes(64))
    # a valid-looking block whose first match copies 4 bytes from 100 bytes before the start of the output
    lz4 = bytes([0x00, 100, 0]) + bytes([0x10, 0])
    dectris_like('hostile_dectris_lz4.h5', header + struct.pack('>I', len(lz4)) + lz4)
    # the header declares a larger frame than the 64 x 64 x 4 bytes the chunk holds
    dectris_like('hostile_dectris_header.h5', struct.pack('>QI', 1 << 40, 8192) + bytes(32))
    dectris_like('hostile_dectris_blocksize.h5', struct.pack('>QII', frame, 0xFFFFFFE0, 8) + bytes([0x80]) + bytes(7))
    topspin('hostile_topspin_unwritten.app5', True)


if __name__ == '__main__':
    expected()
    hostile()
    print(open(os.path.join(HERE, 'expected.txt')).read(), file=sys.stderr)
