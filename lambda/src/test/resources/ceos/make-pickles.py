#!/usr/bin/env python3
"""Writes the pickle streams PickleDataTest reads (run from this directory: python3 make-pickles.py).

Nothing here is ever unpickled by the test or by emmeta: the benign streams are pickle.dumps of known dicts (the test's
expected values are the dicts below), the hostile ones are hand-assembled opcode sequences that an unpickler would
execute or choke on. Generating them runs no hostile code: the GLOBAL stream is built byte by byte.
"""
import pickle
import struct

# the dict every benign stream holds; the test asserts these values
META = {
    "electron_gun.voltage": 300000,
    "projector.camera_length": 0.115,
    "condenser.mode": "TEM",
    "source.type": "camera",
    "projector.magnification": 59000,
    "camera.time": "2021-03-04T05:06:07.123456",
    "flag": True,
    "nothing": None,
    "big": 2**70,
    "neg": -5,
    "calib": [{"value": 1.5e-10, "unit": "m", "pixel_factor": 2.0}, None],
    "shape": (4, 8),
    "blob": b"\x00\x01\x02",
    "uml\u00e4ut": "\u00b5m",
}

for proto in (2, 4):
    with open(f"dict-protocol{proto}.pkl", "wb") as f:
        f.write(pickle.dumps(META, protocol=proto))

# a list nested 10 000 deep: EMPTY_LIST * n, then APPEND * (n-1), STOP
n = 10_000
with open("deep-nesting.pkl", "wb") as f:
    f.write(b"\x80\x02" + b"]" * n + b"a" * (n - 1) + b".")

# a BINUNICODE8 declaring 2**62 bytes, followed by 8 bytes only
with open("huge-length.pkl", "wb") as f:
    f.write(b"\x80\x04\x8d" + struct.pack("<Q", 2**62) + b"abcdefgh.")

# BINUNICODE declaring 1000 bytes with 3 present
with open("truncated-string.pkl", "wb") as f:
    f.write(b"\x80\x02X" + struct.pack("<I", 1000) + b"abc")

# os.system('touch /tmp/emmeta-pwned') by GLOBAL + REDUCE: an unpickler would run it; read as data it is a name
with open("global-reduce.pkl", "wb") as f:
    f.write(b"\x80\x02cos\nsystem\nX" + struct.pack("<I", 23) + b"touch /tmp/emmeta-pwned" + b"\x85R.")

# the same call inside a dict value, next to data: the data is kept, the call is a name
body = b"}(X\x04\x00\x00\x00dataK\x07X\x03\x00\x00\x00cmdcos\nsystem\nX\x02\x00\x00\x00id\x85Ru."
with open("dict-with-global.pkl", "wb") as f:
    f.write(b"\x80\x02" + body)

# INST (protocol 0 instance creation): refused
with open("inst.pkl", "wb") as f:
    f.write(b"(ios\nsystem\nS'id'\n.")

# a list appended to itself through the memo: a cycle; then wrapped in a dict
with open("memo-cycle.pkl", "wb") as f:
    f.write(b"\x80\x02}q\x00X\x01\x00\x00\x00a]q\x01h\x01as.")

# billion laughs: each level a list holding the previous one twice (by memo reference), 40 levels, the last one the
# value of a dict: 2**40 leaves once expanded
laughs = b"\x80\x02]r" + struct.pack("<I", 0) + b"0"
for i in range(1, 41):
    prev = b"j" + struct.pack("<I", i - 1)
    laughs += b"]r" + struct.pack("<I", i) + b"(" + prev + prev + b"e0"
laughs += b"}X\x01\x00\x00\x00kj" + struct.pack("<I", 40) + b"s."
with open("billion-laughs.pkl", "wb") as f:
    f.write(laughs)
