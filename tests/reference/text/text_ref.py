#!/usr/bin/env python3
"""Reference for tests/unit/test_text.c: what each byte 0x00-0xFF becomes in
UTF-8 when a file is declared latin1 or cp1252, by Python's own codecs.
cp1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined (Python raises);
monitrend maps them to the C1 control of the same number (then refused at
intake with its position), so those lines say 'undefined'.
Output: one line per byte: BYTE LATIN1_UTF8_HEX CP1252_UTF8_HEX|undefined
Run: python3 text_ref.py > text_ref.txt"""
for b in range(256):
    l1 = bytes([b]).decode("latin-1").encode("utf-8").hex()
    try:
        cp = bytes([b]).decode("cp1252").encode("utf-8").hex()
    except UnicodeDecodeError:
        cp = "undefined"
    print(f"{b:02x} {l1} {cp}")
