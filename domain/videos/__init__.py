"""Videos: reading a clip (the reader port and the sampling rule) and the faces of a clip
as tracks, matched track by track with the same privacy-first rules as photos."""
