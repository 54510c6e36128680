# Debian packages Workbench needs on its host, and a function that installs the missing ones.
# Sourced by scripts/start.sh and scripts/test.sh.

# What instances need: the sandbox, python3 for its job agent, Jupyter with a Python kernel, flock/setsid (util-linux), and
# OpenSSH for instances created with an SSH key (the server in the sandbox; ssh-keygen and the
# client `wb compute ssh` runs).
RUNTIME_PACKAGES=(bubblewrap python3 jupyter-notebook python3-ipykernel util-linux openssh-server openssh-client)
# What the test suite adds: a real PostgreSQL for the store tests, Debian's Chromium for the Studio's browser tests.
TEST_PACKAGES=(postgresql chromium)
# The Slurm dev cluster (deploy/slurm/up.sh), which the test suite runs the Slurm tests against.
SLURM_PACKAGES=(slurmctld slurmd slurm-client slurmrestd munge)

# ensure_packages PKG...: installs what is missing (as root), or prints the apt line and fails.
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local line="apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "Workbench needs these Debian packages; install them as root, then run this again:" >&2
    echo "  sudo apt-get update && sudo $line" >&2
    exit 1
  fi
  echo "Installing ${missing[*]} ..."
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $line -qq
}
