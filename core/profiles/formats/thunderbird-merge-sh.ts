// The POSIX sh merge script of the thunderbird-prefs export (a constant: the account's
// data is in account.prefs beside it). Kept free of backticks and dollar-brace so it
// can live in a raw template literal unchanged; run for real against Thunderbird's
// prefs.js in test/integration/profiles/thunderbird.test.ts.
export const MERGE_SH = String.raw`#!/bin/sh
# Adds the mail account in account.prefs (beside this script) to a Thunderbird
# profile, once. The account goes into prefs.js as if it had been added in
# Thunderbird: the user can change it, and add other accounts, afterwards.
# Quit Thunderbird first.
#
#   sh add-to-thunderbird.sh                   the default profile (from profiles.ini)
#   sh add-to-thunderbird.sh PROFILE_FOLDER    a given profile folder
#
# New keys (accountN, serverN, idN, smtpN) are chosen after the highest ones the
# profile uses; the account is appended to mail.accountmanager.accounts and its SMTP
# server to mail.smtpservers (or, like Thunderbird, an SMTP server the profile already
# has with the same host, port and user name is used). prefs.js is backed up first.
# Needs only sh, awk, sed.
set -eu
LC_ALL=C
export LC_ALL
# prefs.js is private to the user (Thunderbird writes it 0600); so are our new files.
umask 077

die() {
  printf 'add-to-thunderbird: %s\n' "$1" >&2
  exit 1
}

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
template=$here/account.prefs
[ -f "$template" ] || die "account.prefs is missing: keep it in the same folder as this script."

# profiles.ini -> "IsRelative<TAB>Path" of the default profile: the installation's
# default, else the profile marked Default=1, else the only profile.
default_profile_line() {
  awk '
    { sub(/\r$/, "") }
    /^\[/ { sec = $0; next }
    {
      eq = index($0, "="); if (eq == 0) next
      key = substr($0, 1, eq - 1); val = substr($0, eq + 1)
    }
    sec ~ /^\[Install/ && key == "Default" && install == "" { install = val }
    sec ~ /^\[Profile/ {
      if (!(sec in seen)) { seen[sec] = 1; count++; only = sec }
      if (key == "Path") path[sec] = val
      if (key == "IsRelative") rel[sec] = val
      if (key == "Default" && val == "1") marked = sec
    }
    END {
      pick = ""
      if (install != "") for (s in path) if (path[s] == install) pick = s
      if (pick == "" && marked != "") pick = marked
      if (pick == "" && count == 1) pick = only
      if (pick != "") printf "%s\t%s\n", (rel[pick] == "0" ? "0" : "1"), path[pick]
    }' "$1"
}

find_profile() {
  for root in "$HOME/.thunderbird" "$HOME/Library/Thunderbird" "$HOME/snap/thunderbird/common/.thunderbird" \
              "$HOME/.var/app/org.mozilla.Thunderbird/.thunderbird" "$HOME/.config/thunderbird"; do
    [ -f "$root/profiles.ini" ] || continue
    line=$(default_profile_line "$root/profiles.ini")
    [ -n "$line" ] || die "$root/profiles.ini names no default profile: give the profile folder (Thunderbird: Help > Troubleshooting Information > Profile Folder)."
    rel=$(printf '%s' "$line" | cut -f1)
    path=$(printf '%s' "$line" | cut -f2-)
    if [ "$rel" = 1 ]; then printf '%s\n' "$root/$path"; else printf '%s\n' "$path"; fi
    return 0
  done
  die "no Thunderbird profile found: start Thunderbird once, quit it, and run this again, or give the profile folder."
}

if [ $# -gt 1 ]; then die "usage: sh add-to-thunderbird.sh [PROFILE_FOLDER]"; fi
if [ $# -eq 1 ]; then profile=$1; else profile=$(find_profile); fi
[ -d "$profile" ] || die "$profile is not a folder."
prefs=$profile/prefs.js
if [ ! -f "$prefs" ] && [ ! -f "$profile/times.json" ] && [ ! -f "$profile/compatibility.ini" ] && [ ! -f "$profile/user.js" ]; then
  die "$profile does not look like a Thunderbird profile folder."
fi

# Thunderbird must be closed: it rewrites prefs.js when it quits.
if [ -h "$profile/lock" ]; then
  pid=$(ls -l "$profile/lock" | sed 's/.*+//')
  case $pid in
    '' | *[!0-9]*) ;;
    *) if kill -0 "$pid" 2>/dev/null; then die "Thunderbird is running with this profile: quit it, then run this again."; fi ;;
  esac
fi
if [ -e "$profile/.parentlock" ] && command -v lsof >/dev/null 2>&1 && lsof "$profile/.parentlock" >/dev/null 2>&1; then
  die "Thunderbird is running with this profile: quit it, then run this again."
fi


existing=$prefs
[ -f "$prefs" ] || existing=/dev/null

# What the profile already uses: the highest key numbers, the two lists, the defaults,
# and whether this very account (type, host, user name) is already there.
scan=$(awk '
  function value(line) { sub(/^user_pref\("[^"]*", */, "", line); sub(/\);[ \t\r]*$/, "", line); return line }
  function list(v) { gsub(/^"|"$/, "", v); if (v !~ /^[A-Za-z0-9_,-]*$/) bad = 1; return v }
  function top(n, m) { n += 0; return n > m ? n : m }
  FNR == NR {
    if ($0 ~ /^user_pref\("mail\.server\.\{server\}\.type", /) want_type = value($0)
    if ($0 ~ /^user_pref\("mail\.server\.\{server\}\.hostname", /) want_host = value($0)
    if ($0 ~ /^user_pref\("mail\.server\.\{server\}\.userName", /) want_user = value($0)
    if ($0 ~ /^user_pref\("mail\.smtpserver\.\{smtp\}\.hostname", /) want_smtp_host = value($0)
    if ($0 ~ /^user_pref\("mail\.smtpserver\.\{smtp\}\.port", /) want_smtp_port = value($0)
    if ($0 ~ /^user_pref\("mail\.smtpserver\.\{smtp\}\.username", /) want_smtp_user = value($0)
    next
  }
  /^user_pref\("/ {
    name = $0; sub(/^user_pref\("/, "", name); sub(/".*/, "", name)
    if (match(name, /^mail\.account\.account[0-9]+\./)) acct = top(substr(name, 21, RLENGTH - 21), acct)
    if (match(name, /^mail\.server\.server[0-9]+\./)) {
      k = substr(name, 19, RLENGTH - 19); srv = top(k, srv); rest = substr(name, RLENGTH + 1)
      if (rest == "type") type[k] = value($0)
      if (rest == "hostname") host[k] = value($0)
      if (rest == "userName") user[k] = value($0)
    }
    if (match(name, /^mail\.identity\.id[0-9]+\./)) id = top(substr(name, 17, RLENGTH - 17), id)
    if (match(name, /^mail\.smtpserver\.smtp[0-9]+\./)) {
      k = substr(name, 21, RLENGTH - 21); smtp = top(k, smtp); rest = substr(name, RLENGTH + 1)
      if (rest == "hostname") smtp_host[k] = value($0)
      if (rest == "port") smtp_port[k] = value($0)
      if (rest == "username") smtp_user[k] = value($0)
    }
    if (name == "mail.account.lastKey") acct = top(value($0), acct)
    if (name == "mail.accountmanager.accounts") accounts = list(value($0))
    if (name == "mail.smtpservers") smtps = list(value($0))
    if (name == "mail.accountmanager.defaultaccount") has_default = 1
    if (name == "mail.smtp.defaultserver") has_smtp_default = 1
    if (name == "mail.accountmanager.localfoldersserver") has_local = 1
  }
  END {
    n = split(accounts, a, ","); for (i = 1; i <= n; i++) if (a[i] ~ /^account[0-9]+$/) acct = top(substr(a[i], 8), acct)
    n = split(smtps, a, ","); for (i = 1; i <= n; i++) if (a[i] ~ /^smtp[0-9]+$/) smtp = top(substr(a[i], 5), smtp)
    for (k in type) if (type[k] == want_type && host[k] == want_host && user[k] == want_user) dup = 1
    reuse = ""
    n = split(smtps, a, ",")
    for (i = 1; i <= n; i++) {
      if (a[i] !~ /^smtp[0-9]+$/ || reuse != "") continue
      k = substr(a[i], 5)
      if ((k in smtp_host) && smtp_host[k] == want_smtp_host && smtp_port[k] == want_smtp_port && smtp_user[k] == want_smtp_user) reuse = a[i]
    }
    printf "%d %d %d %d %d %d %d %d %d\n", acct, srv, id, smtp, has_default, has_smtp_default, has_local, dup, bad
    print accounts; print smtps; print reuse
  }' "$template" "$existing")

set -- $(printf '%s\n' "$scan" | sed -n 1p)
accounts=$(printf '%s\n' "$scan" | sed -n 2p)
smtps=$(printf '%s\n' "$scan" | sed -n 3p)
reuse_smtp=$(printf '%s\n' "$scan" | sed -n 4p)
[ "$9" = 0 ] || die "prefs.js has an account or SMTP list this script does not understand; nothing was changed."
[ "$8" = 0 ] || die "this profile already has this account (same server and user name); nothing was changed."
account=account$(($1 + 1))
server=server$(($2 + 1))
identity=id$(($3 + 1))
smtp=smtp$(($4 + 1))
last_key=$(($1 + 1))
new_accounts=$account
new_local=''
if [ "$7" = 0 ]; then
  # Thunderbird adds "Local Folders" beside the first mail account; so do we.
  local_account=account$(($1 + 2))
  local_server=server$(($2 + 2))
  last_key=$(($1 + 2))
  new_accounts=$account,$local_account
  new_local=$local_server
fi
if [ -n "$accounts" ]; then accounts=$accounts,$new_accounts; else accounts=$new_accounts; fi
if [ -n "$reuse_smtp" ]; then
  smtp=$reuse_smtp
elif [ -n "$smtps" ]; then
  smtps=$smtps,$smtp
else
  smtps=$smtp
fi

tmp=$prefs.mailsetup-tmp
# The new file gets the old one's mode: copied first, then overwritten.
if [ -f "$prefs" ]; then cp -p "$prefs" "$tmp" || die "could not write $tmp; nothing was changed."; fi
{
  if [ -f "$prefs" ]; then
    awk '!/^user_pref\("(mail\.accountmanager\.accounts|mail\.smtpservers|mail\.account\.lastKey)",/' "$prefs"
  else
    printf '%s\n' '// Mozilla User Preferences' ''
  fi
  # An SMTP server the profile already has keeps its own lines.
  if [ -n "$reuse_smtp" ]; then skip='^user_pref("mail\.smtpserver\.{smtp}\.'; else skip='^$'; fi
  grep '^user_pref(' "$template" | grep -v "$skip" |
    sed -e "s/{account}/$account/g" -e "s/{server}/$server/g" -e "s/{identity}/$identity/g" -e "s/{smtp}/$smtp/g"
  if [ -n "$new_local" ]; then
    printf 'user_pref("mail.account.%s.server", "%s");\n' "$local_account" "$local_server"
    printf 'user_pref("mail.server.%s.type", "none");\n' "$local_server"
    printf 'user_pref("mail.server.%s.hostname", "Local Folders");\n' "$local_server"
    printf 'user_pref("mail.server.%s.userName", "nobody");\n' "$local_server"
    printf 'user_pref("mail.server.%s.name", "Local Folders");\n' "$local_server"
    printf 'user_pref("mail.accountmanager.localfoldersserver", "%s");\n' "$local_server"
  fi
  [ "$5" = 1 ] || printf 'user_pref("mail.accountmanager.defaultaccount", "%s");\n' "$account"
  [ "$6" = 1 ] || printf 'user_pref("mail.smtp.defaultserver", "%s");\n' "$smtp"
  printf 'user_pref("mail.accountmanager.accounts", "%s");\n' "$accounts"
  printf 'user_pref("mail.smtpservers", "%s");\n' "$smtps"
  printf 'user_pref("mail.account.lastKey", %s);\n' "$last_key"
} >"$tmp" || { rm -f "$tmp"; die "could not write $tmp; nothing was changed."; }

if [ -f "$prefs" ]; then
  backup=$prefs.before-mailsetup-$(date +%Y%m%d-%H%M%S)
  cp -p "$prefs" "$backup" || { rm -f "$tmp"; die "could not back up prefs.js; nothing was changed."; }
  printf 'Backed up prefs.js to %s\n' "$backup"
fi
mv -f "$tmp" "$prefs"
printf 'Added the account to %s (%s, %s, %s, %s). Start Thunderbird: it asks for the password once.\n' "$profile" "$account" "$server" "$identity" "$smtp"
`;
