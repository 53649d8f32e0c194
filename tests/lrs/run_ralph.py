"""Serve Ralph's LRS API (file-system backend) for the tests: `python run_ralph.py <port>` in the LRS venv.

What `ralph runserver --backend fs` does, with two changes: no file-watching reloader, and the fs backend
appends to its statements file. Its default write mode (create) refuses every write after the first one
("fs_lrs.jsonl already exists and overwrite is not allowed"), which makes the fs backend a one-batch LRS.
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend

FSDataBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
