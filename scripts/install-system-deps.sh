#!/usr/bin/env bash
# System packages the test suite needs. None yet beyond Python 3.11+ and pip.
set -euo pipefail
exit 0
