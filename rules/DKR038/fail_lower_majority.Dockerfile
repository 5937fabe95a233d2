from alpine:3.20
run true
# expect: DKR038
CMD ["x"]
