//! The PostgreSQL test server's fresh databases, shared by the store's and the CLI's tests through `#[path]`.

/// A fresh, empty database `storyline_{suite}_{name}` on the server that `STORYLINE_TEST_PG` names; `None` (the
/// test passes with a note) when no server is set, which CI refuses.
pub fn fresh_database(suite: &str, name: &str) -> Option<String> {
    let Ok(base) = std::env::var("STORYLINE_TEST_PG") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "STORYLINE_TEST_PG is not set, and CI is: the PostgreSQL tests must run"
        );
        eprintln!("skipping: set STORYLINE_TEST_PG=postgres://… to run the PostgreSQL tests");
        return None;
    };
    let mut admin = postgres::Client::connect(&base, postgres::NoTls).expect("the test server");
    let database = format!("storyline_{suite}_{name}");
    // Two statements: neither may run inside the implicit transaction of a multi-statement string.
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {database}"))
        .unwrap();
    let (server, _) = base.rsplit_once('/').expect("a URL with a database name");
    Some(format!("{server}/{database}"))
}
