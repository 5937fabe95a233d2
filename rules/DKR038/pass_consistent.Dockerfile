from alpine:3.20
run true
cmd ["x"]
