; Inno Setup 6 script: the Windows installer for the frozen build.
;
;   pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller packaging\custos.spec
;   "%ProgramFiles(x86)%\Inno Setup 6\ISCC.exe" packaging\windows\custos.iss
;
; gives dist\custos-<version>-setup.exe (.github/workflows/release.yml does both on windows-latest).
;
; Per-user by default: no administrator rights, the program goes to
; %LOCALAPPDATA%\Programs\Custos, the Start-menu entry to the user's own Programs menu. An
; administrator may choose "for all users" in the first dialog (Program Files, common Start menu).
; Custos keeps its vaults in %LOCALAPPDATA%\Custos\vault (app/vault/vault.py) and its settings
; under HKCU\Software\Custos; the uninstaller removes neither — customer records are never deleted
; by uninstalling — and says where they are.

#define AppName "Custos"
#define AppVersion "0.1.0"
#define AppPublisher "Custos"
#define Bundle "..\..\dist\custos"

[Setup]
AppId={{6B1E3F0A-5C47-4E8B-9D2A-7C3F1E9B4D21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=custos-{#AppVersion}-setup
SetupIconFile=custos.ico
UninstallDisplayIcon={app}\custosw.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Installing over a running Custos would replace files it has open.
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
; Inno Setup 6.4 moved Simplified Chinese among its official languages; older versions keep it
; under Unofficial. Either way the installer speaks Chinese when Windows does.
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseSimplified.isl")
Name: "zh_CN"; MessagesFile: "compiler:Languages\Unofficial\ChineseSimplified.isl"
#endif

[CustomMessages]
en.DesktopIcon=Create a &desktop shortcut
en.CommandLine=Add the custos &command to PATH (for scripts)
en.DataKept=Your vaults were not removed. They are in %1 — delete that folder yourself only if you no longer need the customer records in it.
zh_CN.DesktopIcon=创建桌面快捷方式
zh_CN.CommandLine=将 custos 命令加入 PATH（供脚本使用）
zh_CN.DataKept=您的保管库没有被删除，仍在 %1 中。只有在确定不再需要其中的客户信息时，才自行删除该文件夹。

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked
Name: "commandline"; Description: "{cm:CommandLine}"; Flags: unchecked

[Files]
; The whole one-folder bundle: custos.exe (console: the command line), custosw.exe (the same
; program without a console window: the shortcuts) and _internal\.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade must not leave libraries of the old version beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\custosw.exe"; WorkingDir: "{userdocs}"; Comment: "Customer records in an encrypted vault"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\custosw.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; The optional PATH entry: per-user installs change the user's PATH, all-users installs the system's.
Root: HKA; Subkey: "{code:EnvironmentKey}"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: commandline; Check: NotOnPath

[Run]
Filename: "{app}\custosw.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function EnvironmentKey(Param: String): String;
begin
  if IsAdminInstallMode then
    Result := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
  else
    Result := 'Environment';
end;

function NotOnPath(): Boolean;
var
  Path: String;
begin
  if not RegQueryStringValue(HKA, EnvironmentKey(''), 'Path', Path) then
    Path := '';
  Result := Pos(';' + Uppercase(ExpandConstant('{app}')) + ';', ';' + Uppercase(Path) + ';') = 0;
end;

procedure RemoveFromPath();
var
  Path, Entry: String;
  At: Integer;
begin
  if not RegQueryStringValue(HKA, EnvironmentKey(''), 'Path', Path) then
    exit;
  Entry := ';' + ExpandConstant('{app}');
  At := Pos(Uppercase(Entry), Uppercase(Path));
  if At > 0 then
  begin
    Delete(Path, At, Length(Entry));
    RegWriteExpandStringValue(HKA, EnvironmentKey(''), 'Path', Path);
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Vaults: String;
begin
  if CurUninstallStep = usUninstall then
    RemoveFromPath();
  if CurUninstallStep = usPostUninstall then
  begin
    Vaults := ExpandConstant('{localappdata}\Custos');
    if DirExists(Vaults) and not UninstallSilent then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [Vaults]), mbInformation, MB_OK);
  end;
end;
