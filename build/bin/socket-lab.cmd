@rem `socket-lab` on Windows: the packaged CLI, run by the app's own Electron as Node; the installer puts this folder on the machine PATH.
@echo off
setlocal
rem Node mode: no window, no Chromium; Electron's asar support still reads the app from app.asar.
set ELECTRON_RUN_AS_NODE=1
"%~dp0..\Socket Lab.exe" "%~dp0..\resources\app.asar\bin\socket-lab.js" %*
exit /b %ERRORLEVEL%
