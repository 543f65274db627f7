"""Where places are: the region's country outlines (outlines) and the coordinates of a story's place (places),
shared by the console's map and the STIX locations."""
