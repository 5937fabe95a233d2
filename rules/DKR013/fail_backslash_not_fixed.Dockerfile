FROM golang:1.22
# expect: DKR013
ENTRYPOINT C:\go\bin\go.exe
