"""Recognizing group photos: intake, the face engine and index ports, matching, quality,
thresholds and the assignments of faces to persons."""
