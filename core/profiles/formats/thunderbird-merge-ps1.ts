// The PowerShell merge script of the thunderbird-prefs export, for Windows: the same
// rules as thunderbird-merge-sh.ts. Kept free of backticks and dollar-brace so it can
// live in a raw template literal unchanged.
export const MERGE_PS1 = String.raw`# Adds the mail account in account.prefs (beside this script) to a Thunderbird
# profile, once. The account goes into prefs.js as if it had been added in
# Thunderbird: the user can change it, and add other accounts, afterwards.
# Quit Thunderbird first.
#
#   powershell -ExecutionPolicy Bypass -File .\add-to-thunderbird.ps1                  default profile
#   powershell -ExecutionPolicy Bypass -File .\add-to-thunderbird.ps1 PROFILE_FOLDER   a given profile
#
# Same rules as add-to-thunderbird.sh: new keys after the highest ones the profile
# uses, the account appended to mail.accountmanager.accounts and its SMTP server to
# mail.smtpservers (or an SMTP server the profile has with the same host, port and user
# name used), prefs.js backed up first, an account already present not added twice.
param([Parameter(Position = 0)][string]$ProfileFolder = '')
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2

function Fail([string]$Message) {
  [Console]::Error.WriteLine('add-to-thunderbird: ' + $Message)
  exit 1
}

$utf8 = New-Object System.Text.UTF8Encoding($false)
$nl = [string][char]10
$template = Join-Path $PSScriptRoot 'account.prefs'
if (-not (Test-Path -LiteralPath $template -PathType Leaf)) { Fail 'account.prefs is missing: keep it in the same folder as this script.' }

# profiles.ini: the installation's default profile, else the one marked Default=1, else the only one.
function Find-DefaultProfile {
  $roots = @()
  if ($env:APPDATA) { $roots += (Join-Path $env:APPDATA 'Thunderbird') }
  if ($env:HOME) { $roots += (Join-Path $env:HOME '.thunderbird'); $roots += (Join-Path $env:HOME 'Library/Thunderbird') }
  foreach ($root in $roots) {
    $ini = Join-Path $root 'profiles.ini'
    if (-not (Test-Path -LiteralPath $ini -PathType Leaf)) { continue }
    $section = ''; $install = ''; $marked = ''
    $profiles = [ordered]@{}
    foreach ($line in [System.IO.File]::ReadAllLines($ini, $utf8)) {
      if ($line.StartsWith('[')) { $section = $line; continue }
      $eq = $line.IndexOf('=')
      if ($eq -lt 0) { continue }
      $key = $line.Substring(0, $eq); $val = $line.Substring($eq + 1)
      if ($section.StartsWith('[Install') -and $key -eq 'Default' -and $install -eq '') { $install = $val }
      if ($section.StartsWith('[Profile')) {
        if (-not $profiles.Contains($section)) { $profiles[$section] = @{ Path = ''; IsRelative = '1' } }
        if ($key -eq 'Path') { $profiles[$section]['Path'] = $val }
        if ($key -eq 'IsRelative') { $profiles[$section]['IsRelative'] = $val }
        if ($key -eq 'Default' -and $val -eq '1') { $marked = $section }
      }
    }
    $pick = $null
    if ($install -ne '') { foreach ($p in $profiles.Values) { if ($p['Path'] -eq $install) { $pick = $p } } }
    if (($null -eq $pick) -and $marked -ne '') { $pick = $profiles[$marked] }
    if (($null -eq $pick) -and $profiles.Count -eq 1) { $pick = @($profiles.Values)[0] }
    if ($null -eq $pick) { Fail ($ini + ' names no default profile: give the profile folder (Thunderbird: Help > Troubleshooting Information > Profile Folder).') }
    $path = $pick['Path'].Replace('/', [System.IO.Path]::DirectorySeparatorChar)
    if ($pick['IsRelative'] -eq '0') { return $path }
    return (Join-Path $root $path)
  }
  Fail 'no Thunderbird profile found: start Thunderbird once, quit it, and run this again, or give the profile folder.'
}

if ($ProfileFolder -eq '') { $ProfileFolder = Find-DefaultProfile }
if (-not (Test-Path -LiteralPath $ProfileFolder -PathType Container)) { Fail ($ProfileFolder + ' is not a folder.') }
$prefsPath = Join-Path $ProfileFolder 'prefs.js'
$hasPrefs = Test-Path -LiteralPath $prefsPath -PathType Leaf
$looksLikeProfile = $hasPrefs
foreach ($marker in @('times.json', 'compatibility.ini', 'user.js')) {
  if (Test-Path -LiteralPath (Join-Path $ProfileFolder $marker) -PathType Leaf) { $looksLikeProfile = $true }
}
if (-not $looksLikeProfile) { Fail ($ProfileFolder + ' does not look like a Thunderbird profile folder.') }

# Thunderbird must be closed: it holds parent.lock open and rewrites prefs.js when it quits.
$lock = Join-Path $ProfileFolder 'parent.lock'
if (Test-Path -LiteralPath $lock -PathType Leaf) {
  $inUse = $false
  try {
    $handle = [System.IO.File]::Open($lock, [System.IO.FileMode]::Open, [System.IO.FileAccess]::ReadWrite, [System.IO.FileShare]::None)
    $handle.Close()
  } catch {
    $inUse = $true
  }
  if ($inUse) { Fail 'Thunderbird is running with this profile (parent.lock is in use): quit it, then run this again.' }
}

$rx = [regex]'^user_pref\("([^"]*)",\s*(.*)\);\s*$'
$lines = @()
if ($hasPrefs) { $lines = @([System.IO.File]::ReadAllLines($prefsPath, $utf8)) }
$templateLines = @([System.IO.File]::ReadAllLines($template, $utf8) | Where-Object { $_.StartsWith('user_pref(') })

function Max-Key([long]$current, [string]$digits) {
  $n = 0L
  if ([long]::TryParse($digits, [ref]$n) -and $n -gt $current) { return $n }
  return $current
}

$want = @{}
$wantSmtp = @{ 'username' = $null }
foreach ($line in $templateLines) {
  $m = $rx.Match($line)
  if ($m.Success -and $m.Groups[1].Value.StartsWith('mail.server.{server}.')) { $want[$m.Groups[1].Value.Substring(21)] = $m.Groups[2].Value }
  if ($m.Success -and $m.Groups[1].Value.StartsWith('mail.smtpserver.{smtp}.')) { $wantSmtp[$m.Groups[1].Value.Substring(23)] = $m.Groups[2].Value }
}

$acct = 0L; $srv = 0L; $id = 0L; $smtp = 0L
$accounts = ''; $smtps = ''
$hasDefault = $false; $hasSmtpDefault = $false; $hasLocal = $false
$servers = @{}
$smtpServers = @{}
foreach ($line in $lines) {
  $m = $rx.Match($line)
  if (-not $m.Success) { continue }
  $name = $m.Groups[1].Value; $value = $m.Groups[2].Value
  $k = [regex]::Match($name, '^mail\.account\.account(\d+)\.')
  if ($k.Success) { $acct = Max-Key $acct $k.Groups[1].Value }
  $k = [regex]::Match($name, '^mail\.server\.server(\d+)\.(.*)$')
  if ($k.Success) {
    $srv = Max-Key $srv $k.Groups[1].Value
    $key = $k.Groups[1].Value
    if (-not $servers.ContainsKey($key)) { $servers[$key] = @{} }
    $servers[$key][$k.Groups[2].Value] = $value
  }
  $k = [regex]::Match($name, '^mail\.identity\.id(\d+)\.')
  if ($k.Success) { $id = Max-Key $id $k.Groups[1].Value }
  $k = [regex]::Match($name, '^mail\.smtpserver\.smtp(\d+)\.(.*)$')
  if ($k.Success) {
    $smtp = Max-Key $smtp $k.Groups[1].Value
    $key = 'smtp' + $k.Groups[1].Value
    if (-not $smtpServers.ContainsKey($key)) { $smtpServers[$key] = @{ 'username' = $null } }
    $smtpServers[$key][$k.Groups[2].Value] = $value
  }
  if ($name -ceq 'mail.account.lastKey') { $acct = Max-Key $acct $value }
  if ($name -ceq 'mail.accountmanager.accounts') { $accounts = $value.Trim('"') }
  if ($name -ceq 'mail.smtpservers') { $smtps = $value.Trim('"') }
  if ($name -ceq 'mail.accountmanager.defaultaccount') { $hasDefault = $true }
  if ($name -ceq 'mail.smtp.defaultserver') { $hasSmtpDefault = $true }
  if ($name -ceq 'mail.accountmanager.localfoldersserver') { $hasLocal = $true }
}
if ($accounts -cnotmatch '^[A-Za-z0-9_,-]*$' -or $smtps -cnotmatch '^[A-Za-z0-9_,-]*$') {
  Fail 'prefs.js has an account or SMTP list this script does not understand; nothing was changed.'
}
foreach ($item in $accounts.Split(',')) { $k = [regex]::Match($item, '^account(\d+)$'); if ($k.Success) { $acct = Max-Key $acct $k.Groups[1].Value } }
foreach ($item in $smtps.Split(',')) { $k = [regex]::Match($item, '^smtp(\d+)$'); if ($k.Success) { $smtp = Max-Key $smtp $k.Groups[1].Value } }
foreach ($s in $servers.Values) {
  if ($s.ContainsKey('type') -and $s.ContainsKey('hostname') -and $s.ContainsKey('userName') -and
      $s['type'] -ceq $want['type'] -and $s['hostname'] -ceq $want['hostname'] -and $s['userName'] -ceq $want['userName']) {
    Fail 'this profile already has this account (same server and user name); nothing was changed.'
  }
}

# Like Thunderbird, use an SMTP server the profile already has for this host, port and user.
$reuseSmtp = ''
foreach ($item in $smtps.Split(',')) {
  if ($reuseSmtp -ne '' -or -not $smtpServers.ContainsKey($item)) { continue }
  $o = $smtpServers[$item]
  if ($o.ContainsKey('hostname') -and $o.ContainsKey('port') -and $o['hostname'] -ceq $wantSmtp['hostname'] -and
      $o['port'] -ceq $wantSmtp['port'] -and $o['username'] -ceq $wantSmtp['username']) { $reuseSmtp = $item }
}

$account = 'account' + ($acct + 1)
$server = 'server' + ($srv + 1)
$identity = 'id' + ($id + 1)
$smtpKey = 'smtp' + ($smtp + 1)
if ($reuseSmtp -ne '') { $smtpKey = $reuseSmtp }
$lastKey = $acct + 1
$newAccounts = $account
$out = New-Object System.Collections.Generic.List[string]
if ($hasPrefs) {
  foreach ($line in $lines) {
    if ($line -cnotmatch '^user_pref\("(mail\.accountmanager\.accounts|mail\.smtpservers|mail\.account\.lastKey)",') { $out.Add($line) }
  }
} else {
  $out.Add('// Mozilla User Preferences'); $out.Add('')
}
foreach ($line in $templateLines) {
  # An SMTP server the profile already has keeps its own lines.
  if ($reuseSmtp -ne '' -and $line.StartsWith('user_pref("mail.smtpserver.{smtp}.')) { continue }
  $out.Add($line.Replace('{account}', $account).Replace('{server}', $server).Replace('{identity}', $identity).Replace('{smtp}', $smtpKey))
}
if (-not $hasLocal) {
  # Thunderbird adds "Local Folders" beside the first mail account; so do we.
  $localAccount = 'account' + ($acct + 2)
  $localServer = 'server' + ($srv + 2)
  $lastKey = $acct + 2
  $newAccounts = $account + ',' + $localAccount
  $out.Add('user_pref("mail.account.' + $localAccount + '.server", "' + $localServer + '");')
  $out.Add('user_pref("mail.server.' + $localServer + '.type", "none");')
  $out.Add('user_pref("mail.server.' + $localServer + '.hostname", "Local Folders");')
  $out.Add('user_pref("mail.server.' + $localServer + '.userName", "nobody");')
  $out.Add('user_pref("mail.server.' + $localServer + '.name", "Local Folders");')
  $out.Add('user_pref("mail.accountmanager.localfoldersserver", "' + $localServer + '");')
}
if (-not $hasDefault) { $out.Add('user_pref("mail.accountmanager.defaultaccount", "' + $account + '");') }
if (-not $hasSmtpDefault) { $out.Add('user_pref("mail.smtp.defaultserver", "' + $smtpKey + '");') }
if ($accounts -ne '') { $accounts = $accounts + ',' + $newAccounts } else { $accounts = $newAccounts }
if ($reuseSmtp -ne '') { } elseif ($smtps -ne '') { $smtps = $smtps + ',' + $smtpKey } else { $smtps = $smtpKey }
$out.Add('user_pref("mail.accountmanager.accounts", "' + $accounts + '");')
$out.Add('user_pref("mail.smtpservers", "' + $smtps + '");')
$out.Add('user_pref("mail.account.lastKey", ' + $lastKey + ');')

$tmp = $prefsPath + '.mailsetup-tmp'
try {
  [System.IO.File]::WriteAllText($tmp, [string]::Join($nl, $out.ToArray()) + $nl, $utf8)
  if ($hasPrefs) {
    $backup = $prefsPath + '.before-mailsetup-' + (Get-Date -Format 'yyyyMMdd-HHmmss')
    [System.IO.File]::Copy($prefsPath, $backup)
    Write-Output ('Backed up prefs.js to ' + $backup)
  }
  [System.IO.File]::Copy($tmp, $prefsPath, $true)
} catch {
  Fail ('could not write prefs.js (' + $_.Exception.Message + '); nothing was changed.')
} finally {
  if (Test-Path -LiteralPath $tmp) { Remove-Item -LiteralPath $tmp -Force }
}
Write-Output ('Added the account to ' + $ProfileFolder + ' (' + $account + ', ' + $server + ', ' + $identity + ', ' + $smtpKey + '). Start Thunderbird: it asks for the password once.')
`;
