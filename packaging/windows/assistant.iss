; Inno Setup 6 script: a per-user installer (no administrator rights), Start menu entry,
; uninstaller. Build the bundle first (packaging\windows\build.ps1 does both):
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\assistant.iss
; -> dist\assistant-0.1.0-windows-x64-setup.exe
;
; The library, settings and chats live in %LOCALAPPDATA%\assistant (the same folder the
; pip-installed app uses); neither an upgrade nor the uninstaller touches them.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Root "..\.."

[Setup]
; The AppId ties upgrades to this installation: keep it for every release.
AppId={{6F1C1E4B-3A52-4C0B-9E4B-5D2B8E0C7A31}
AppName=Assistant
AppVersion={#AppVersion}
AppVerName=Assistant {#AppVersion}
AppPublisher=Assistant
DefaultDirName={autopf}\Assistant
DefaultGroupName=Assistant
DisableProgramGroupPage=yes
; Per-user: installs into %LOCALAPPDATA%\Programs\Assistant, no UAC prompt. The dialog lets an
; administrator choose an all-users install instead.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=assistant-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\assistantw.exe
UninstallDisplayName=Assistant
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the previous version's libraries instead of mixing old and new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Root}\dist\assistant\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Assistant"; Filename: "{app}\assistantw.exe"; Comment: "Ask questions about your own documents, offline"
Name: "{group}\{cm:UninstallProgram,Assistant}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Assistant"; Filename: "{app}\assistantw.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\assistantw.exe"; Description: "{cm:LaunchProgram,Assistant}"; Flags: nowait postinstall skipifsilent
