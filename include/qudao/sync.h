/* Sync between offline databases through files.
 *
 * Each database is a device with a random id. Every local write transaction
 * is recorded (SQLite's session extension) into a log in the same
 * transaction. A bundle file carries the changes a peer has not
 * acknowledged, with a versioned header and a SHA-256 of the whole; importing
 * applies them all in one transaction, once (a bundle imported twice changes
 * nothing the second time). The head office provisions a rep's database with
 * only that rep's distributors and the shared settings, and sends each rep
 * only what is in its scope.
 *
 * Conflicts (the README's "Sync" section is the policy): the same field
 * changed on both sides goes to the later change (change time, then device
 * id), field by field, and the losing version is kept for review; a row
 * deleted on one side and changed on the other, a duplicate code, a
 * lifecycle move the rules forbid after the other side's, are not applied
 * until someone decides. Deciding is a change that travels like any other. */
#ifndef QUDAO_SYNC_H
#define QUDAO_SYNC_H

#include <stdbool.h>
#include <stdint.h>

#include "qudao/db.h"

/* The bundle format this build writes and reads. */
/* 2: a bundle may say which distributors left the destination's scope. */
enum { SYNC_FORMAT_VERSION = 2 };

struct sync_device {
	int64_t id; /* 0: the database has no sync tables */
	char name[128];
	int64_t rep_id, parent_id;
	char rep_code[40], rep_name[128], parent_name[128];
};
/* This database's device. */
qd_rc db_sync_device(qd_db *db, struct sync_device *out);
/* Sets this database's identity (provisioning, the demo). */
qd_rc db_sync_set_identity(qd_db *db, int64_t device_id, const char *name, int64_t rep_id,
			   int64_t parent_id);
/* Gives this device another name (1 to 100 characters). */
qd_rc db_sync_rename(qd_db *db, const char *name);
/* A device id as the 16 hex digits users see. */
void db_sync_device_id_text(int64_t id, char buf[17]);

/* This device's changes not yet acknowledged by a peer, and the conflicts
 * waiting for a decision or a review. */
qd_rc db_sync_counts(qd_db *db, int64_t *unsent, int64_t *open);

struct sync_peer {
	int64_t id;
	char name[128], rep_code[40];
	char provisioned_at[32], last_export_at[32], last_import_at[32];
	int64_t last_export_changes, last_import_changes;
	int64_t unsent; /* this device's changes the peer has not acknowledged */
};
/* The devices this one exchanges bundles with. The caller frees *out. */
qd_rc db_sync_peers(qd_db *db, struct sync_peer **out, int *n);

/* What an export, import or provisioning did. */
struct sync_result {
	int64_t entries;   /* transactions carried or applied */
	int64_t changes;   /* row changes carried or applied */
	int64_t skipped;   /* transactions already applied here */
	int64_t conflicts; /* conflicts found by this import */
	int64_t open;	   /* of them, waiting for a decision */
	int64_t distributors;
	/* Distributors that left a rep's scope: an export lists them, an
	 * import drops those it held (its own unsent changes still go). */
	int64_t left;
	char peer_name[128];
	int64_t peer_id;
	/* An import: its orders were added as a large import adds them, their
	 * figures made all at once at the end. */
	bool orders_in_bulk;
};

/* Writes a bundle to path (through a temporary file renamed into place).
 * for_peer: a peer's device id (hex), name or rep code; NULL: this rep's
 * head office, or, on a database without a parent, everything for anyone. */
qd_rc db_sync_export(qd_db *db, const char *for_peer, const char *path, struct sync_result *out);
/* Whether a bundle may be written at path: DB_OK when nothing is there,
 * DB_DUPLICATE when an earlier bundle is (the caller asks before replacing
 * it), DB_INVALID with the reason for anything else — a folder, this
 * database, any file that is not a bundle — which export never writes over. */
qd_rc db_sync_export_target(qd_db *db, const char *path);
/* Checks and applies the bundle at path, all or nothing. */
qd_rc db_sync_import(qd_db *db, const char *path, struct sync_result *out);
/* Makes a rep's database at path: a new device, the rep's distributors with
 * everything hanging off them, and the shared settings. */
qd_rc db_sync_provision(qd_db *db, const char *rep_code, const char *path,
			struct sync_result *out);
/* The files a provisioning to path builds in this process before the
 * database goes into place, the build first and the second connection's
 * second, then their -journal, -wal and -shm (for an interrupted command
 * to remove): a NULL-ended list, each string and the list to free. */
char **db_sync_provision_files(const char *path);
/* Forgets a peer (a lost or retired laptop), named as for_peer above: the
 * changes kept for it no longer wait for it, a bundle from it or for it is
 * refused from now on, and a rep code names the rep's other devices only.
 * Its changes not yet brought here are lost with it. out gets its name and
 * id. */
qd_rc db_sync_forget(qd_db *db, const char *device, struct sync_result *out);

/* ---- conflicts -------------------------------------------------------------- */

enum sync_conflict_kind {
	SYNC_OVERWRITTEN, /* both changed a field; theirs was later and won */
	SYNC_KEPT,	  /* both changed a field; mine was later and stayed */
	SYNC_UNIQUE,	  /* theirs would duplicate a code or break a rule of the schema */
	SYNC_RULE,	  /* theirs is a lifecycle move the rules forbid after mine */
	SYNC_DELETED,	  /* they deleted a row I changed */
	SYNC_MISSING,	  /* they changed a row I deleted */
	SYNC_HELD,	  /* waits for another conflict (a new distributor's orders) */
};
const char *sync_conflict_kind_label(enum sync_conflict_kind k);
/* A synchronised table in words, as an N_() msgid (the name itself when it
 * has none): "distributors" is "distributor". */
const char *sync_table_label(const char *table);
/* Whether the kind waits for a decision (else it was settled by the later
 * change and is kept for review). */
bool sync_conflict_pending(enum sync_conflict_kind k);

struct sync_field {
	char *name;
	char *mine, *theirs; /* NULL: not in that version */
	/* As shown: a reference as its record's code and name ("GD-SZ 深圳"),
	 * a coded value in words, an amount in yuan, a stored time to the
	 * minute in local time. */
	char *mine_shown, *theirs_shown;
	/* An amount kept in fen (shown and edited in yuan). */
	bool money;
	/* Not edited by hand: a reference, a coded value, a stored time, a
	 * version, or what the rules change only another way (a distributor's
	 * status and agreement). */
	bool fixed;
	bool differs;
	bool contested; /* changed on both sides */
};

struct sync_conflict {
	int64_t id;
	enum sync_conflict_kind kind;
	bool open;
	char table[40];
	char key[64];
	int64_t distributor_id;
	char distributor[200]; /* code and name, when the row belongs to one */
	char op[8];
	char mine_at[32], theirs_at[32], detected_at[32], resolved_at[32];
	char mine_device[128], theirs_device[128], theirs_by[128];
	int64_t theirs_device_id;
	char resolution[16], resolved_by[128];
	char detail[256];
	int held; /* conflicts waiting for this one */
	/* Their new record clashes with one here (the same code): "mine" is
	 * that record, to compare before deciding. */
	bool mine_is_clash;
	/* A broken rule that is a code or key already used here (the others:
	 * a value out of bounds, a missing field). */
	bool code_taken;
	/* ...and it is a number (an order's or an invoice's). */
	bool number_taken;
	/* A forbidden status move (SYNC_RULE) that is mine, made after theirs:
	 * mine waits (else theirs does). */
	bool mine_refused;
	/* SYNC_DELETED by a decision made on another device (not a deletion
	 * of theirs crossing a change here). */
	bool by_decision;
	/* The record's code or number (mine, else theirs; "" for none), from
	 * db_sync_conflict_get. */
	char number[160];
	/* Their deletion of mine, kept here over theirs of the same code or
	 * number (crossed decisions): theirs, discarded here then, comes back
	 * if the deletion is taken; its number ("" for none). */
	char restores[160];
	/* Why keeping mine (m) or taking theirs (t) would be refused, said
	 * before the question ("" when it would not). */
	char refuse_mine[400], refuse_theirs[400];
	struct sync_field *fields;
	int nfields;
};
void sync_conflict_clear(struct sync_conflict *c);
/* A conflict's kind in words; a broken rule says whether a code was taken. */
const char *sync_conflict_label(const struct sync_conflict *c);
/* Whether keeping mine deletes their record on every device: a new record
 * of theirs not wanted (every kind but a forbidden move). */
bool sync_conflict_discards(const struct sync_conflict *c);

/* The conflicts, newest first, the open ones (waiting or unreviewed) or
 * all; held ones are not listed (they go with the one they wait for). The
 * caller frees each with sync_conflict_clear() and the array. Fields are
 * not filled. */
qd_rc db_sync_conflicts(qd_db *db, bool open_only, struct sync_conflict **out, int *n);
/* One conflict with its fields, both versions side by side. */
qd_rc db_sync_conflict_get(qd_db *db, int64_t id, struct sync_conflict *out);

enum sync_choice { SYNC_KEEP_MINE, SYNC_KEEP_THEIRS, SYNC_EDITED };
/* Settles a conflict: keeps mine, keeps theirs, or (SYNC_EDITED) applies
 * theirs with the fields in names/values changed. The change it makes is
 * recorded and travels like any other. DB_INVALID with a message when the
 * choice cannot be made (theirs would still duplicate a code). */
qd_rc db_sync_resolve(qd_db *db, int64_t id, enum sync_choice choice, int nedit,
		      const char *const *names, const char *const *values);
/* Marks every conflict settled by the later change as reviewed, as it is
 * (nothing is written but the marks); returns how many in *n. */
qd_rc db_sync_accept_all(qd_db *db, int64_t *n);

#endif
