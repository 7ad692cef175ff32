#!/usr/bin/python3
"""Expected values for MerlinRawPreviewTest, from an independent numpy decoding of frame 0 of the corpus file
Quad_1_Frame_CounterDepth_1_Rows_256RAW.mib (a raw R64 quad, counter depth 1).

Layout (learnt from LiberTEM's src/libertem/io/dataset/mib.py, decode_r1_swap_2x2 and _mib_2x2_tile_block, and its
encoder-based tests): the pixels are 64-bit words written most significant byte first, pixel k of a word in bit k
(counting from the least significant); a readout row of 1024 pixels holds one row of each of the four chips, slots
[4 | 3 | 2 | 1] in file order (slot index 0..3 from the left); the assembled 512 x 512 frame has slot 3 top left,
slot 2 top right, slot 1 bottom left and slot 0 bottom right, the bottom two turned upside down and mirrored.

Writes mib_raw_quad_r1.txt beside this script: the count of set pixels in each quadrant, then a 64 x 64 grid of the
set pixels in each 8 x 8 block of the assembled frame.

Run from the project root:  /usr/bin/python3 lambda/src/test/resources/preview/mib/make_mib_raw_expected.py
"""
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "..", "..", "..", "..", "..", "..", "shared", "corpus", "public", "rosettasciio",
                   "Quad_1_Frame_CounterDepth_1_Rows_256RAW.mib")

raw = open(SRC, "rb").read()
fields = raw[:64].decode("ascii").split(",")
offset, width, height = int(fields[2]), int(fields[4]), int(fields[5])
assert fields[6] == "R64" and width == 1024 and height == 256
body = np.frombuffer(raw, dtype=">u8", count=width * height // 64, offset=offset)
# to least-significant-byte-first, then bits least significant first: pixel order within each word
bits = np.unpackbits(body.astype("<u8").view(np.uint8), bitorder="little").reshape(height, width)
slots = [bits[:, s * 256:(s + 1) * 256] for s in range(4)]
top = np.hstack([slots[3], slots[2]])
bottom = np.hstack([slots[1][::-1, ::-1], slots[0][::-1, ::-1]])
frame = np.vstack([top, bottom]).astype(np.int64)
assert frame.shape == (512, 512)

# a check on the layout from the vendor's side: the single-chip frame taken minutes before (counter depth 6, U08, as
# the Merlin software wrote it) shows chip 1 with the same test pattern; its hit pixels must fall on the ones decoded
# here for the top-left quadrant (a wrong byte or bit order, or a flip, leaves a few percent of the pixels disagreeing)
single = open(os.path.join(os.path.dirname(SRC), "Single_1_Frame_CounterDepth_6_Rows_256.mib"), "rb").read()
s_off = int(single[:64].decode("ascii").split(",")[2])
chip1 = np.frombuffer(single, dtype=np.uint8, count=256 * 256, offset=s_off).reshape(256, 256) > 0
agree = (chip1 == frame[:256, :256].astype(bool)).mean()
assert agree > 0.999, agree
print("top-left quadrant agrees with the processed single-chip frame at", agree)

quadrants = [frame[:256, :256].sum(), frame[:256, 256:].sum(), frame[256:, :256].sum(), frame[256:, 256:].sum()]
grid = frame.reshape(64, 8, 64, 8).sum(axis=(1, 3))
with open(os.path.join(HERE, "mib_raw_quad_r1.txt"), "w") as out:
    out.write("# set pixels per quadrant: top-left top-right bottom-left bottom-right\n")
    out.write(" ".join(str(q) for q in quadrants) + "\n")
    out.write("# set pixels per 8 x 8 block, 64 rows of 64\n")
    for row in grid:
        out.write(" ".join(str(v) for v in row) + "\n")
print("quadrants", quadrants, "total", int(frame.sum()))
