# Windows installer, from the repository root in PowerShell:
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Needs Python 3.11 (python.org), Visual Studio Build Tools with "Desktop development with C++"
# and CMake (llama-cpp-python compiles llama.cpp), and Inno Setup 6 (ISCC.exe).
# Leaves dist\assistant\ (assistant.exe = the CLI, assistantw.exe = the window) and
# dist\assistant-VERSION-windows-x64-setup.exe.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")

$py = ".venv\Scripts\python.exe"
if (-not (Test-Path $py)) {
    python -m venv .venv
    & $py -m pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
    & $py -m pip install -e ".[packaging]"
}
& $py -m PyInstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller packaging\assistant.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

$version = & $py -c "import assistant; print(assistant.__version__)"
$iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"
& $iscc "/DAppVersion=$version" packaging\windows\assistant.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }

# Signing (optional; without it SmartScreen warns "Windows protected your PC" on first run):
#   signtool sign /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 /a dist\assistant\*.exe
# before ISCC, and the setup .exe after it (or SignTool= in assistant.iss).
