<#
.SYNOPSIS
  Flashes an ESP32 edge controller with nanoff: firmware, application image, board config and, when
  given, the settings record ec-provision wrote (settings.a/settings.b, copied to I:\ byte for byte).
.DESCRIPTION
  The Windows twin of tools/flash.sh, with the same checks, order and exit codes:
    0 flashed; 2 wrong arguments; 3 nanoff not on PATH (dotnet tool install -g nanoff);
    4 no board-configs/NAME.json; 5 serial port does not exist; 6 image missing or SettingsDir holds no record;
    7 the board has no nanoffTarget (the simulator); 8 nanoff failed;
    9 the board config loader refused the config (its errors are printed) or could not run.
  Before anything reaches nanoff the board config goes through the device's own loader:
  ec-provision board check FILE ($env:EC_PROVISION, else ec-provision on PATH, else
  dotnet run --project tools/EdgeController.Provision).
  PowerShell itself reports a missing -Board or -Port (it prompts when interactive).
.EXAMPLE
  tools/flash.ps1 -Board esp32-devkitc -Port COM5 -SettingsDir site.devices\dev-7
.PARAMETER Board
  A board of board-configs/ (NAME), or the path of your own board's config file (FILE.json).
.PARAMETER CaCert
  The broker's CA certificate (PEM) for MQTT over TLS, deployed as I:\<file name>.
.PARAMETER SettingsDir
  The device's settings folder (ec-provision create --out DIR). A slot the folder lacks is deleted
  on the device, so an older record there cannot win. Without it the device's settings stay as they are.
#>
param(
  [Parameter(Mandatory = $true)][string]$Board,
  [Parameter(Mandatory = $true)][string]$Port,
  [string]$Image,
  [string]$SettingsDir,
  [string]$CaCert,
  [switch]$SkipUpdate
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$ExitNoNanoff = 3; $ExitNoBoard = 4; $ExitNoPort = 5; $ExitNoFile = 6; $ExitNotFlashable = 7; $ExitNanoffFailed = 8
$ExitBadConfig = 9; $ExitUsage = 2

function Fail([int]$Code, [string]$Message) {
  [Console]::Error.WriteLine("flash.ps1: error: $Message")
  exit $Code
}

$repoRoot = Split-Path -Parent $PSScriptRoot
if (-not $Image) { $Image = Join-Path $repoRoot 'firmware/Device/bin/Release/EdgeController.Device.bin' }

# 1. nanoff itself.
if (-not (Get-Command nanoff -ErrorAction SilentlyContinue)) {
  Fail $ExitNoNanoff 'nanoff was not found on PATH. Install it with: dotnet tool install -g nanoff'
}

# 2. The board config: a name of board-configs/, or a file of the user's own board.
if ($Board -like '*.json' -or $Board -match '[\\/]') {
  if (-not (Test-Path -LiteralPath $Board -PathType Leaf)) { Fail $ExitNoBoard "no board config file $Board" }
  $boardConfig = (Resolve-Path -LiteralPath $Board).Path
  $boardLabel = $Board
} else {
  $boardConfig = Join-Path $repoRoot "board-configs/$Board.json"
  $boardLabel = "board-configs/$Board.json"
  if ($Board -notmatch '^[A-Za-z0-9_-]+$' -or -not (Test-Path -LiteralPath $boardConfig -PathType Leaf)) {
    $known = (Get-ChildItem (Join-Path $repoRoot 'board-configs') -Filter '*.json' | ForEach-Object { $_.BaseName }) -join ' '
    Fail $ExitNoBoard "no board config board-configs/$Board.json (known boards: $known)"
  }
}

# The same loader the device runs at boot (firmware/Core/Config/BoardConfigLoader.cs), through
# ec-provision board check: it names every error and gives the nanoff target of a valid config.
$checkErrors = New-TemporaryFile
try {
  if ($env:EC_PROVISION) {
    $command = $env:EC_PROVISION -split ' '
    $checkOutput = & $command[0] @($command | Select-Object -Skip 1) board check $boardConfig 2> $checkErrors.FullName
  } elseif (Get-Command ec-provision -ErrorAction SilentlyContinue) {
    $checkOutput = & ec-provision board check $boardConfig 2> $checkErrors.FullName
  } else {
    $checkOutput = & dotnet run --project (Join-Path $repoRoot 'tools/EdgeController.Provision') -v q -- board check $boardConfig 2> $checkErrors.FullName
  }
  $checkStatus = $LASTEXITCODE
  if ($checkStatus -ne 0) {
    Get-Content -LiteralPath $checkErrors.FullName | ForEach-Object { [Console]::Error.WriteLine($_) }
    if ($checkStatus -eq 3) { Fail $ExitBadConfig "$boardLabel is refused by the board config loader (errors above): nothing was flashed" }
    Fail $ExitBadConfig "the board config loader could not check $boardLabel (exit $checkStatus): nothing was flashed"
  }
}
finally {
  Remove-Item -LiteralPath $checkErrors -ErrorAction SilentlyContinue
}
$target = @($checkOutput | Where-Object { $_ -match '^nanoffTarget=([A-Za-z0-9_]+)$' } | ForEach-Object { $Matches[1] }) | Select-Object -First 1
if (-not $target) {
  Fail $ExitNotFlashable "$boardLabel has no nanoffTarget: this board is not flashed (the simulator runs on the host)"
}

# 3. The serial port (COMn on Windows, a device node elsewhere).
$onWindows = [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
$portExists = if ($onWindows) {
  [System.IO.Ports.SerialPort]::GetPortNames() -contains $Port
} else {
  Test-Path -LiteralPath $Port
}
if (-not $portExists) {
  Fail $ExitNoPort "serial port $Port does not exist (is the board plugged in? list ports with: nanoff --listports)"
}

# 4. The files to deploy.
if (-not (Test-Path -LiteralPath $Image -PathType Leaf)) {
  Fail $ExitNoFile "file $Image does not exist: build firmware/Device first (see docs/build-and-flash.md) or pass -Image"
}
$settingsSlots = @('settings.a', 'settings.b')
if ($SettingsDir) {
  $present = @($settingsSlots | Where-Object { Test-Path -LiteralPath (Join-Path $SettingsDir $_) -PathType Leaf })
  if ($present.Count -eq 0) {
    Fail $ExitNoFile "folder $SettingsDir holds no settings record (settings.a or settings.b): write one with ec-provision create --out $SettingsDir"
  }
}

if ($CaCert) {
  if (-not (Test-Path -LiteralPath $CaCert -PathType Leaf)) { Fail $ExitNoFile "CA certificate $CaCert does not exist" }
  $caName = Split-Path -Leaf $CaCert
  # The device's blob-name rule (FlashFileStore): 1..32 of letters, digits, '.', '-', '_', no leading '.'.
  if ($caName -notmatch '^[A-Za-z0-9_-][A-Za-z0-9._-]{0,31}$') {
    Fail $ExitUsage "CA certificate file name '$caName' is not a device file name (1..32 of letters, digits, '.', '-', '_')"
  }
}

# One entry per file; an entry without SourceFilePath deletes the file on the device (a missing file only warns).
$files = @(@{ DestinationFilePath = 'I:\board.json'; SourceFilePath = (Resolve-Path -LiteralPath $boardConfig).Path })
if ($CaCert) { $files += @{ DestinationFilePath = "I:\$caName"; SourceFilePath = (Resolve-Path -LiteralPath $CaCert).Path } }
if ($SettingsDir) {
  foreach ($slot in $settingsSlots) {
    $source = Join-Path $SettingsDir $slot
    if (Test-Path -LiteralPath $source -PathType Leaf) {
      $files += @{ DestinationFilePath = "I:\$slot"; SourceFilePath = (Resolve-Path -LiteralPath $source).Path }
    } else {
      $files += @{ DestinationFilePath = "I:\$slot" }
    }
  }
  $files += @{ DestinationFilePath = 'I:\settings.json' } # the settings file of the firmware before the settings record
}

$deployment = New-TemporaryFile
try {
  @{
    serialport = $Port
    files = $files
  } | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $deployment -Encoding UTF8

  function Invoke-Nanoff([string[]]$Arguments) {
    Write-Host "+ nanoff $($Arguments -join ' ')"
    & nanoff @Arguments
    if ($LASTEXITCODE -ne 0) { Fail $ExitNanoffFailed "nanoff $($Arguments[0]) failed (exit $LASTEXITCODE)" }
  }

  if (-not $SkipUpdate) { Invoke-Nanoff @('--update', '--target', $target, '--serialport', $Port) }
  Invoke-Nanoff @('--deploy', '--image', $Image, '--serialport', $Port)
  Invoke-Nanoff @('--filedeployment', $deployment.FullName, '--serialport', $Port)
  Write-Host "flash.ps1: $boardLabel flashed on $Port (target $target)"
}
finally {
  Remove-Item -LiteralPath $deployment -ErrorAction SilentlyContinue
}
