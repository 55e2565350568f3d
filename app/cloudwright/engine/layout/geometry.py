"""The shared geometry conventions (see the common brief): leaf cells, title band, padding, gaps."""

CELL = 96          #: a leaf occupies a CELL x CELL square at its position
TOP = 36           #: children of a container start this far below its top (28 px title band + margin)
PAD = 16           #: side and bottom padding inside a container
LEAF_GAP = 36      #: horizontal gap between leaves (two leaves + padding = a 260 px subnet)
ROW_GAP = 12       #: vertical gap between rows of leaves
BOX_GAP = 20       #: gap between sibling containers (AZ columns, subnets, VPCs)
MIN_SUBNET = (260.0, 150.0)
EMPTY_BOX = (200.0, 110.0)
