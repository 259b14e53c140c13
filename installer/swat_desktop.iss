; Inno Setup 6 script of SWAT Desktop: a per-user installer that needs no administrator rights.
;
; installer\build.py compiles it after PyInstaller, passing what it knows:
;   ISCC /DAppVersion=0.1.0 /DFileVersion=0.1.0.0 /DBundleDir=...\dist\swat-desktop
;        /DIconFile=...\build\installer\swat-desktop.ico /O...\dist swat_desktop.iss
; and it produces dist\SWAT-Desktop-<version>-setup.exe.

#if VER < EncodeVer(6, 3, 0)
  #error Inno Setup 6.3 or newer is needed: this script is UTF-8 without BOM and uses x64compatible.
#endif
#ifndef AppVersion
  #error Compile with "python installer\build.py": it passes AppVersion, FileVersion, BundleDir and IconFile.
#endif

; The release is compressed hard (lzma2/max); the compile check on Linux (iscc_wine.py) passes
; a quick one, since it only proves that the script and the bundle make a setup.exe.
#ifndef Compression
  #define Compression "lzma2"
#endif

#define AppName "SWAT Desktop"
; The windowed executable for the shortcuts; swat-desktop.exe beside it is the command line.
#define GuiExe "swat-desktop-gui.exe"
; Where the application keeps the user's data on Windows: platformdirs' folder for
; "SWAT Desktop" (see swat_desktop\paths.py), %LOCALAPPDATA%\SWAT Desktop, with the SQLite
; store, backups\, local.json and Logs\. Not under {app}: installing, updating or uninstalling
; the program never touches it unless the user says so.
#define DataDir "{localappdata}\SWAT Desktop"

[Setup]
; Never change AppId: it is how a new version finds and replaces the installed one.
AppId={{6F1C2B9E-4D7A-4C3B-9A51-2E8D0F7B3A64}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#FileVersion}
VersionInfoProductName={#AppName}
; Per user: %LOCALAPPDATA%\Programs\SWAT Desktop, Start menu and desktop of this user only.
PrivilegesRequired=lowest
DefaultDirName={userpf}\{#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=SWAT-Desktop-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
; An open copy of the program is closed before its files are replaced.
CloseApplications=yes
Compression={#Compression}
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the bundle whole: DLLs and Qt plugins of the previous version left
; beside the new ones can break start-up. The user's data lives elsewhere ({localappdata}).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "Casos mal escalados e inoperatividad de aplicativos"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ The program's folder goes; the user's data stays unless the user answers Yes. A silent
  uninstall (an update script, IT tooling) never deletes data. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep <> usPostUninstall then
    Exit;
  DataDir := ExpandConstant('{#DataDir}');
  if UninstallSilent() or not DirExists(DataDir) then
    Exit;
  if MsgBox('¿Eliminar también los datos de SWAT Desktop de este usuario?' + #13#10 + #13#10 +
            'La base de datos, sus respaldos, la configuración y el registro están en:' + #13#10 +
            DataDir + #13#10 + #13#10 +
            'Si responde No, se conservan y una nueva instalación los vuelve a usar. ' +
            'Las exportaciones guardadas en Documentos no se borran en ningún caso.',
            mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
  begin
    if not DelTree(DataDir, True, True, True) then
      MsgBox('No se pudieron borrar todos los datos de ' + DataDir +
             '. Puede borrar esa carpeta a mano.', mbError, MB_OK);
  end;
end;
