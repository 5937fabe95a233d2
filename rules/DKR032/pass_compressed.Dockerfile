FROM postgres:16.4
# ADD unpacks a compressed file that holds a tar archive, and only its content tells: COPY is
# not a drop-in for it
ADD dump.sql.gz /docker-entrypoint-initdb.d/
ADD file.bz2 file.xz /usr/src/app/
