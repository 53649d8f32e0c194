"""Teams: a manager's people, their learning figures and the whole-subtree rollups kept at write time."""
