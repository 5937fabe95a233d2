FROM mcr.microsoft.com/windows/servercore:ltsc2022
# expect: DKR013
CMD powershell.exe -File run.ps1
