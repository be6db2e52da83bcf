; Parley's Windows installer (Inno Setup 6): a per-user install that needs no administrator.
;
; Built by .github/workflows/installers.yml after PyInstaller has made dist\parley\:
;   iscc /DAppVersion=0.1.0 /DNumericVersion=0.1.0.0 installer\windows\parley.iss
; The workflow reads both versions from pyproject.toml (installer/buildinfo.py), so this
; file never names a release. Paths are relative to this file.
;
; Casebooks live in %LOCALAPPDATA%\Parley\Parley (platformdirs' per-user data folder), not
; in the program folder, so installing, upgrading and uninstalling never touch them; the
; uninstaller says so before and after it runs.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z /DNumericVersion=X.Y.Z.0
#endif
#ifndef NumericVersion
  #error Pass the numeric version too: /DNumericVersion=X.Y.Z.0
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\parley"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\parley\icons\parley.ico"
#endif

#define AppName "Parley"
#define AppExe "Parley.exe"
#define DataFolder "{localappdata}\Parley\Parley"

[Setup]
; The AppId ties upgrades and the uninstaller to this product: never change it.
AppId={{B083AE8C-0C6F-48A5-80B5-36272A4BDAA4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Parley
AppComments=Confidential casebook for medical mediators
VersionInfoVersion={#NumericVersion}
VersionInfoProductName={#AppName}
; Per user: no UAC prompt, so a mediator can install on a managed laptop; {autopf} is
; %LOCALAPPDATA%\Programs under lowest privileges.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=Parley-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Upgrades and uninstalls close a running Parley first (its files are in use).
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Messages]
; The default asks to remove "all of its components", which a mediator may read as
; "and my casebooks". Say what is removed and what is kept.
ConfirmUninstall=Remove %1 from this computer?%n%nYour casebooks are NOT removed: they stay in %LOCALAPPDATA%\Parley\Parley, and a later installation of Parley opens them again.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller folder: Parley.exe (the app), parley-cli.exe (the command line for
; administrators) and _internal\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Confidential casebook for medical mediators"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Registry]
; Window sizes and similar preferences (QSettings); nothing confidential, and no use once
; Parley is gone. The installer never creates these keys, only removes them.
Root: HKCU; Subkey: "Software\Parley\Parley"; Flags: uninsdeletekey dontcreatekey
Root: HKCU; Subkey: "Software\Parley"; Flags: uninsdeletekeyifempty dontcreatekey

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    Folder := ExpandConstant('{#DataFolder}');
    if DirExists(Folder) and not UninstallSilent() then
      MsgBox('Parley has been removed, but your casebooks have been kept in:' + #13#10#13#10 +
        Folder + #13#10#13#10 +
        'Installing Parley again opens them. Delete that folder yourself only when you are ' +
        'sure no casebook in it is still needed.', mbInformation, MB_OK);
  end;
end;
