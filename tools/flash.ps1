<#
.SYNOPSIS
  Flashes an ESP32 edge controller with nanoff: firmware, application image, board config and, when
  given, the settings record ec-provision wrote (settings.a/settings.b, copied to I:\ byte for byte).
.DESCRIPTION
  The Windows twin of tools/flash.sh, with the same checks, order and exit codes:
    0 flashed; 2 wrong arguments; 3 nanoff not on PATH (dotnet tool install -g nanoff);
    4 no board-configs/NAME.json; 5 serial port does not exist; 6 image missing or SettingsDir holds no record;
    7 the board has no nanoffTarget (the simulator); 8 nanoff failed.
  PowerShell itself reports a missing -Board or -Port (it prompts when interactive).
.EXAMPLE
  tools/flash.ps1 -Board esp32-devkitc -Port COM5 -SettingsDir site.devices\dev-7
.PARAMETER SettingsDir
  The device's settings folder (ec-provision create --out DIR). A slot the folder lacks is deleted
  on the device, so an older record there cannot win. Without it the device's settings stay as they are.
#>
param(
  [Parameter(Mandatory = $true)][string]$Board,
  [Parameter(Mandatory = $true)][string]$Port,
  [string]$Image,
  [string]$SettingsDir,
  [switch]$SkipUpdate
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$ExitNoNanoff = 3; $ExitNoBoard = 4; $ExitNoPort = 5; $ExitNoFile = 6; $ExitNotFlashable = 7; $ExitNanoffFailed = 8

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

# 2. The board config.
$boardConfig = Join-Path $repoRoot "board-configs/$Board.json"
if ($Board -notmatch '^[A-Za-z0-9_-]+$' -or -not (Test-Path -LiteralPath $boardConfig -PathType Leaf)) {
  $known = (Get-ChildItem (Join-Path $repoRoot 'board-configs') -Filter '*.json' | ForEach-Object { $_.BaseName }) -join ' '
  Fail $ExitNoBoard "no board config board-configs/$Board.json (known boards: $known)"
}
$config = Get-Content -Raw -LiteralPath $boardConfig | ConvertFrom-Json
$target = if ($config.PSObject.Properties.Name -contains 'nanoffTarget') { $config.nanoffTarget } else { $null }
if (-not $target) {
  Fail $ExitNotFlashable "board-configs/$Board.json has no nanoffTarget: this board is not flashed (the simulator runs on the host)"
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

# One entry per file; an entry without SourceFilePath deletes the file on the device (a missing file only warns).
$files = @(@{ DestinationFilePath = 'I:\board.json'; SourceFilePath = (Resolve-Path -LiteralPath $boardConfig).Path })
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
  Write-Host "flash.ps1: $Board flashed on $Port (target $target)"
}
finally {
  Remove-Item -LiteralPath $deployment -ErrorAction SilentlyContinue
}
