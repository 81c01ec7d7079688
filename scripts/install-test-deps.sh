#!/usr/bin/env bash
# Installs everything the test suites need on Debian/Ubuntu: the real mail servers,
# the Secret Service, the browser for UI tests, Thunderbird (the exports are read back
# by it), the validators for exported profiles, and the npm packages.
# Idempotent: a second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # mail servers (Postfix submission + Dovecot IMAP/POP3/SASL) and a reference client
  postfix dovecot-core dovecot-imapd dovecot-pop3d swaks
  libnet-ssleay-perl libio-socket-ssl-perl libauthen-sasl-perl
  # Secret Service for the keychain suites
  gnome-keyring libsecret-tools dbus dbus-x11
  # headless browser for UI tests
  chromium
  # the real client the Thunderbird exports are read back by (headless, Marionette),
  # and the awk macOS ships, to run the Thunderbird merge script with it too
  thunderbird original-awk
  # validators for exported profiles
  libxml2-utils msmtp neomutt isync aerc bind9-utils python3
  # certificates and namespaces
  openssl ca-certificates iproute2
  # a loopback address that silently drops packets (discovery and exit tests)
  nftables
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # "No configuration": Postfix writes no /etc config and starts nothing; tests run their own.
  echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
  echo "postfix postfix/mailname string mail.example.test" | $SUDO debconf-set-selections
  for i in 1 2 3; do $SUDO apt-get update -q && break || sleep 5; done
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
fi

# Electron's binary cannot be downloaded here and is not needed for the type check.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
