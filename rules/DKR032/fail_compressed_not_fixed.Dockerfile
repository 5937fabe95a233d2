FROM postgres:16.4
# expect: DKR032
ADD dump.sql.gz /docker-entrypoint-initdb.d/
