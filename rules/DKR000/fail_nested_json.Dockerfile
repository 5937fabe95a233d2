FROM alpine:3.20
# expect: DKR000:5
CMD [ "echo", [ "nested json" ] ]
