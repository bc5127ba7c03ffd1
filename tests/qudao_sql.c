/* qudao-sql DB SQL: runs SQL on DB through a connection set up as qudao's
 * are, its kept-figure triggers made, for the scripts that play another qudao
 * process changing the file while one is open (the file's guards refuse a
 * plain connection, db_internal.h). Exit 0, or 1 with SQLite's message. */
#include <stdio.h>

#include "../src/db/db_internal.h"
#include "qudao/db.h"

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: qudao-sql DB SQL\n");
		return 2;
	}
	qd_db *db;
	char *err = NULL;
	if (db_open(argv[1], DB_OPEN_EXISTING, &db, &err)) {
		fprintf(stderr, "qudao-sql: %s\n", err ? err : "cannot open");
		return 1;
	}
	db_set_busy_timeout(db, 10000);
	char *msg = NULL;
	int failed = db_kept_install(db) != DB_OK ||
		     sqlite3_exec(db_handle(db), argv[2], NULL, NULL, &msg) != SQLITE_OK;
	if (failed)
		fprintf(stderr, "qudao-sql: %s\n", msg ? msg : db_errmsg(db));
	sqlite3_free(msg);
	db_close(db);
	return failed;
}
