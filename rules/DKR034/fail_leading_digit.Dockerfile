FROM alpine:3.20
# a key starts with a letter; a digit at its end is fine
# expect: DKR034:7 DKR034@4:21
LABEL 1st.label="x" a..b="y" org.example.label3="z"
