; NSIS additions for the Windows installer: puts the `socket-lab` command on the machine PATH at install and takes it off at uninstall.
; The folder on PATH is $INSTDIR\bin, holding only socket-lab.cmd: the install folder itself would also expose the app's DLLs to other programs.
; PowerShell edits the registry value as it is (REG_EXPAND_SZ, %SystemRoot% kept, no length limit), which NSIS string functions cannot promise.
!include "WinMessages.nsh"

!macro socketLabPath ACTION
  ; The folder goes through the environment, so a quote in the install path cannot break the command line.
  System::Call 'Kernel32::SetEnvironmentVariable(t "SOCKET_LAB_BIN", t "$INSTDIR\bin")i'
  System::Call 'Kernel32::SetEnvironmentVariable(t "SOCKET_LAB_PATH_ACTION", t "${ACTION}")i'
  nsExec::ExecToLog `"$SYSDIR\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "$$d = $$env:SOCKET_LAB_BIN.TrimEnd('\'); $$k = [Microsoft.Win32.Registry]::LocalMachine.OpenSubKey('SYSTEM\CurrentControlSet\Control\Session Manager\Environment', $$true); $$p = [string]$$k.GetValue('Path', '', 'DoNotExpandEnvironmentNames'); $$keep = @($$p.Split(';') | Where-Object { $$_ -ne '' -and $$_.TrimEnd('\') -ne $$d }); if ($$env:SOCKET_LAB_PATH_ACTION -eq 'add') { $$keep += $$d }; $$k.SetValue('Path', ($$keep -join ';'), 'ExpandString'); $$k.Close()"`
  Pop $0
  ; Tell running programs (Explorer, new terminals) that the environment changed.
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
!macroend

!macro customInstall
  !insertmacro socketLabPath "add"
!macroend

!macro customUnInstall
  ; An update runs the old uninstaller first: keep the entry, the new install puts the same one back.
  ${ifNot} ${isUpdated}
    !insertmacro socketLabPath "remove"
  ${endIf}
!macroend
