"""ISO/IEC 7816-4 status words an eMRTD chip answers with (ICAO 9303 part 11 names them)."""

OK = 0x9000
AUTHENTICATION_FAILED = 0x6300        # EXTERNAL AUTHENTICATE: cryptogram refused
WRONG_LENGTH = 0x6700
SECURITY_NOT_SATISFIED = 0x6982       # files read before BAC
NO_CURRENT_EF = 0x6986
SM_OBJECTS_MISSING = 0x6987           # expected secure messaging data objects missing
SM_OBJECTS_INCORRECT = 0x6988         # secure messaging data objects incorrect
FILE_NOT_FOUND = 0x6A82
WRONG_P1P2 = 0x6B00
INS_NOT_SUPPORTED = 0x6D00
