"""Write templates/db/*.yaml: Part E of case-studies.md (databases and caching inside a VPC).

Part E was not reviewed in the spec, so each case was checked against AWS before bundling:

* databases sit in data subnets of two AZs (a DB subnet group needs two AZs even for a single-AZ database),
  with a security group admitting only the application tier;
* RDS IAM authentication: the SDK signs the 15-minute token locally with the role's credentials (no API call
  to fetch it, unlike the spec's step 1); MariaDB also supports it today, so the negative variant uses Oracle;
* ElastiCache gained IAM authentication in 2023 (Redis OSS 7+, Valkey, TLS required); E12 says so, and its
  negative variant selects IAM on Redis 6.2;
* E11's users reach the application through a load balancer: the spec's users talk to instances directly,
  which needs public instances and defeats the point of a shared session store.

Run ``/work/venv/bin/python templates/tools/build_data_templates.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_vpc_templates import ANY, ec2, pl_route, region, route, rt, sg, tcp  # noqa: E402
from template_kit import Template, run  # noqa: E402
from vpc_layout import Item, az, col, leaf, row, stack, subnet, vpc  # noqa: E402

OUT = Path(__file__).resolve().parents[1]
CERT = "acm:example.com"
SINGLE_AZ = (("db.single_az", "the database's Multi-AZ setting is E2's lesson"),)


def _data_vpc(app: tuple[list[Item], list[Item]], data: tuple[list[Item], list[Item]],
              plumbing: list[Item], span: list[Item] = (), public: bool = False, third_az: list[Item] | None = None,
              label: str = "db-vpc") -> Item:
    """App subnets over data subnets in two (or three) AZs; public subnets only when an LB faces users."""
    def column(x: str, n: int, apps: list[Item], dbs: list[Item]) -> tuple[str, str, str, list[Item]]:
        subnets = []
        if public:
            subnets.append(subnet(f"pub_{x}", f"public {x}", f"10.0.{n}.0/24", "public"))
        subnets.append(subnet(f"priv_{x}", f"app {x}", f"10.0.{10 + n}.0/24", "private", *apps))
        subnets.append(subnet(f"data_{x}", f"data {x}", f"10.0.{20 + n}.0/24", "data", *dbs))
        return az(f"az_{x}", f"us-east-1{x}", *subnets)

    azs = [column("a", 0, *[app[0], data[0]]), column("b", 1, *[app[1], data[1]])]
    if third_az is not None:
        azs.append(column("c", 2, [], third_az))
    if public:
        plumbing = [leaf("igw", "igw", "IGW"), rt("rt_pub", "public route table", [route(ANY, "igw")],
                                                  ["pub_a", "pub_b"]), *plumbing]
    return vpc("vpc", label, azs, plumbing=plumbing, span=list(span), cidr="10.0.0.0/16")


def _db(node_id: str, label: str, **props: Any) -> Item:
    props.setdefault("engine", "mysql")
    props.setdefault("subnets", ["data_a", "data_b"])
    props.setdefault("security_groups", ["db_sg"])
    return leaf(node_id, "rds", label, **props)


def e1_read_replicas() -> Template:
    t = Template("db/rds_read_replicas", "RDS read replicas",
                 "Up to 5 asynchronous read replicas, in the same AZ, another AZ or another region, take SELECT "
                 "traffic through their own endpoints; writes go only to the primary, and a replica can be "
                 "promoted. In-region replication has no transfer fee; cross-region replication is charged.",
                 "## RDS Read Replica vs Multi AZ, lines 1606-1639", ["rds", "read-replicas", "cost"],
                 suppress=SINGLE_AZ)
    t.layout(
        region("reg", "us-east-1", _data_vpc(
            ([ec2("app", "production application", ["app_sg"])], [ec2("report", "reporting app", ["app_sg"])]),
            ([_db("rds", "main DB"), _db("rr1", "read replica 1", role="read_replica", replica_of="rds")],
             [_db("rr2", "read replica 2", role="read_replica", replica_of="rds")]),
            [sg("app_sg", "app-sg"), sg("db_sg", "db-sg", tcp(3306, sg="app_sg"))])),
        region("reg2", "eu-west-1", vpc(
            "vpc2", "db-vpc-eu",
            [az("az2_a", "eu-west-1a", subnet("data2_a", "data a", "10.1.20.0/24", "data",
                                              _db("rr3", "read replica 3 (cross-region)", role="read_replica",
                                                  replica_of="rds", subnets=["data2_a", "data2_b"],
                                                  security_groups=["db2_sg"]))),
             az("az2_b", "eu-west-1b", subnet("data2_b", "data b", "10.1.21.0/24", "data"))],
            plumbing=[sg("db2_sg", "db-sg (eu)")], cidr="10.1.0.0/16")), gap=80)
    t.only(1, "rr1")
    t.only(2, "reg2", "report")
    t.flow("app", "rds", 3306, label="reads + writes")
    t.flow("app", "rr1", 3306, label="reads", only=1)
    t.flow("app", "rr2", 3306, label="reads", only=1)
    t.flow("report", "rr2", 3306, label="SELECT (reads)", only=2)
    for replica in ("rr1", "rr2", "rr3"):
        t.rel("rds", replica, "async replication")
    t.stage("Scaling reads",
            "The application writes to the primary and spreads its reads over two replicas, in the same AZ and "
            "in the other one; replicas are eventually consistent.", passes=("db.write_to_replica",))
    t.stage("Reporting replica and a cross-region copy",
            "A reporting app queries its own replica without touching production, and a third replica in "
            "eu-west-1 serves local reads or DR: that replication traffic is charged.",
            exhibits=("cost.cross_region_replication",), passes=("db.write_to_replica",))
    t.variant("Writing to a replica", "Replicas are read-only: writes must go to the primary.",
              overrides={"app-rr2:3306": {"label": "writes", "props": {"access": "write"}}},
              exhibits=("db.write_to_replica",))
    return t


def e2_multi_az() -> Template:
    t = Template("db/rds_multi_az", "RDS Multi-AZ",
                 "Multi-AZ keeps a synchronous standby in another AZ behind the same DNS name, with automatic "
                 "failover. It is not for scaling: the standby serves no traffic. Converting a single-AZ database "
                 "takes no downtime: snapshot, restore in the new AZ, then synchronise.",
                 "## RDS Read Replica vs Multi AZ, lines 1641-1660", ["rds", "multi-az", "high-availability"],
                 suppress=())
    t.layout(region("reg", "us-east-1", _data_vpc(
        ([ec2("app", "application", ["app_sg"], db_endpoint="mydb.xxxx.us-east-1.rds.amazonaws.com")], []),
        ([_db("master", "RDS master", multi_az=True)],
         [_db("standby", "standby (not readable)", role="standby", replica_of="master")]),
        [sg("app_sg", "app-sg"), sg("db_sg", "db-sg", tcp(3306, sg="app_sg"))]),
        col(leaf("snap", "rds_snapshot", "conversion snapshot"))))
    t.only(2, "standby", "snap")
    t.flow("app", "master", 3306, label="reads + writes (one DNS name)")
    t.flow("app", "standby", 3306, label="reads", only=())
    t.rel("master", "snap", "1. snapshot", only=2)
    t.rel("snap", "standby", "2. restore", only=2)
    t.rel("master", "standby", "3. SYNC replication", only=2)
    t.stage("Single-AZ database", "If us-east-1a or the instance fails, the application stops until the "
            "database is restored.", exhibits=("db.single_az",),
            overrides={"master": {"props": {"multi_az": False}}})
    t.stage("Multi-AZ", "A standby in us-east-1b is kept in sync; on failure the DNS name moves to it and the "
            "application reconnects without changes.", fixes=("db.single_az",), passes=("db.read_from_standby",))
    t.variant("Reading from the standby", "The standby serves nothing until a failover; use a read replica.",
              stage=2, exhibits=("db.read_from_standby",), show=("app-standby:3306",))
    return t


def e3_iam_auth() -> Template:
    t = Template("db/rds_iam_auth", "RDS IAM database authentication",
                 "A MySQL or PostgreSQL database can accept a 15-minute token, signed with the instance's IAM "
                 "role, instead of a password: SSL is required and users are managed centrally in IAM. The SDK "
                 "signs the token locally; no secret is stored on the instance.",
                 "## RDS Encryption + Security: RDS - IAM Authentication, lines 1708-1720",
                 ["rds", "iam", "security"], suppress=SINGLE_AZ)
    t.layout(
        leaf("role", "iam_role", "rds-connect-role", permissions=["rds-db:connect"]),
        region("reg", "us-east-1", _data_vpc(
            ([ec2("ec2", "app instance", ["app_sg"], iam_role="role")], []),
            ([_db("rds", "MySQL DB", iam_auth=True, force_ssl=True)], []),
            [sg("app_sg", "app-sg"), sg("db_sg", "db-sg", tcp(3306, sg="app_sg"))])))
    t.rel("ec2", "role", "instance profile")
    t.flow("ec2", "rds", 3306, label="SSL + IAM token")
    t.stage("Password-less database login",
            "The app signs a token with its role and connects over SSL; the database checks it with IAM.",
            passes=("db.iam_auth_engine",))
    t.variant("Oracle with IAM authentication", "IAM database authentication exists for MySQL, MariaDB and "
              "PostgreSQL only.", overrides={"rds": {"props": {"engine": "oracle-ee", "port": 1521}},
                                             "db_sg": {"props": {"inbound": [tcp(1521, sg="app_sg")]}}},
              exhibits=("db.iam_auth_engine",))
    return t


def e10_db_cache() -> Template:
    t = Template("db/elasticache_db_cache", "ElastiCache as a database cache (lazy loading)",
                 "The application asks the cache first: a hit is done, a miss reads RDS and writes the result into "
                 "the cache. It relieves the database but needs code changes, and without a TTL or invalidation "
                 "it serves stale data.",
                 "## ElastiCache Overview, lines 1853-1873, 1920-1926", ["elasticache", "caching", "rds"],
                 suppress=SINGLE_AZ)
    t.layout(region("reg", "us-east-1", _data_vpc(
        ([ec2("app", "application", ["app_sg"])], []),
        ([leaf("cache", "elasticache", "ElastiCache (Redis)", ttl_s=300, usage="cache", loading="lazy",
               security_groups=["cache_sg"], subnets=["data_a", "data_b"]), _db("rds", "Amazon RDS")], []),
        [sg("app_sg", "app-sg"), sg("cache_sg", "cache-sg", tcp(6379, sg="app_sg")),
         sg("db_sg", "db-sg", tcp(3306, sg="app_sg"))], label="app-vpc")))
    t.flow("app", "cache", 6379, label="1. GET, 3. SET")
    t.flow("app", "rds", 3306, label="2. on a miss: query (read)")
    t.stage("Lazy loading with a 5-minute TTL",
            "Hits never touch RDS; a miss costs three round trips. The TTL bounds how stale a cached answer can "
            "get.", passes=("cache.stale_data",))
    t.variant("No TTL", "Cached answers never expire: after an update, readers keep the old value.",
              overrides={"cache": {"props": {"ttl_s": None}}}, exhibits=("cache.stale_data",))
    return t


def e11_session_store() -> Template:
    t = Template("db/elasticache_session_store", "ElastiCache as a user session store",
                 "Any application instance writes the session at login and any other one reads it back, so the "
                 "user stays logged in and the instances stay stateless. (The users reach the instances through "
                 "a load balancer, added to the spec's drawing.)",
                 "## ElastiCache Overview, lines 1875-1882", ["elasticache", "sessions", "stateless"],
                 suppress=(*SINGLE_AZ, ("avail.no_auto_scaling", "auto scaling is not this lesson")))
    apps = [ec2(f"app{n}", f"app instance {n}", ["app_sg"], stores_state=False) for n in (1, 2, 3)]
    t.layout(
        leaf("user", "user", "User"),
        region("reg", "us-east-1", _data_vpc(
            ([apps[0], apps[2]], [apps[1]]),
            ([leaf("cache", "elasticache", "ElastiCache (sessions)", usage="session_store", ttl_s=1800,
                   security_groups=["cache_sg"], subnets=["data_a", "data_b"])], []),
            [sg("lb_sg", "lb-sg", tcp(443, ANY)), sg("app_sg", "app-sg", tcp(80, sg="lb_sg")),
             sg("cache_sg", "cache-sg", tcp(6379, sg="app_sg"))],
            span=[leaf("alb", "alb", "ALB", subnets=["pub_a", "pub_b"], security_groups=["lb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT}],
                       targets=["app1", "app2", "app3"], target_port=80)],
            public=True, label="app-vpc")))
    t.flow("user", "alb", 443, label="login, next requests")
    for n in (1, 2, 3):
        t.flow("alb", f"app{n}", 80)
        t.flow(f"app{n}", "cache", 6379, label="write session" if n == 1 else "read session")
    t.stage("Sessions in ElastiCache",
            "Instance 1 writes the session at login; instance 2 serves the next request and reads it from the "
            "cache. Losing an instance logs nobody out.", passes=("state.no_session_store",))
    return t


def e12_cache_security() -> Template:
    t = Template("db/elasticache_security", "ElastiCache security: security group, Redis AUTH and TLS",
                 "Protect a cache with a security group, Redis AUTH (a token) and in-transit encryption; Memcached "
                 "uses SASL. The notes say ElastiCache never authenticates clients with IAM: that was true until "
                 "2023; today IAM authentication works for Redis OSS 7+ and Valkey, with TLS only.",
                 "## ElastiCache for Solution Architects, lines 1904-1918", ["elasticache", "security"],
                 suppress=SINGLE_AZ)
    t.layout(region("reg", "us-east-1", _data_vpc(
        ([ec2("ec2", "client instance", ["client_sg"])], []),
        ([leaf("redis", "elasticache", "Redis cluster", auth="token", tls=True, engine_version="6.2",
               security_groups=["redis_sg"], subnets=["data_a", "data_b"])], []),
        [sg("client_sg", "client-sg"), sg("redis_sg", "redis-sg", tcp(6379, sg="client_sg"))], label="app-vpc")))
    t.flow("ec2", "redis", 6379, label="TLS + AUTH token")
    t.stage("Locked-down Redis", "Only members of client-sg reach port 6379, over TLS, with the AUTH token.",
            passes=("cache.iam_auth_unsupported",))
    t.variant("IAM authentication on Redis 6.2", "IAM authentication needs Redis OSS 7 or later (or Valkey) "
              "with TLS; on 6.2 use the AUTH token.",
              overrides={"redis": {"props": {"auth": "iam"}}}, exhibits=("cache.iam_auth_unsupported",))
    return t


def e4_aurora() -> Template:
    t = Template("db/aurora_cluster", "Aurora cluster: six-way storage, writer and reader endpoints",
                 "Aurora keeps 6 copies of the data across 3 AZs (writes need 4 of 6, reads 3 of 6) and heals "
                 "itself; one writer and up to 15 readers share the volume, and failover takes under 30 s. The "
                 "writer endpoint always points at the writer; the reader endpoint spreads connections over the "
                 "readers.",
                 "## Aurora Overview, lines 1735-1793", ["aurora", "rds", "high-availability"], suppress=())

    def instance(node_id: str, label: str, role: str) -> Item:
        return leaf(node_id, "aurora_instance", label, role=role, cluster="vol", instance_class="db.r5.large",
                    subnets=["data_a", "data_b", "data_c"], security_groups=["db_sg"])

    t.layout(region("reg", "us-east-1", _data_vpc(
        ([ec2("client", "client application", ["app_sg"])], []),
        ([instance("w", "writer", "writer"), instance("r3", "reader 3", "reader")], [instance("r1", "reader 1",
                                                                                             "reader")]),
        [sg("app_sg", "app-sg"), sg("db_sg", "db-sg", tcp(3306, sg="app_sg"))],
        span=[leaf("wep", "aurora_endpoint", "writer endpoint", cluster="vol", endpoint_type="writer"),
              leaf("vol", "aurora_cluster_volume", "shared storage (6 copies, 3 AZs)", storage_encrypted=True),
              leaf("rep", "aurora_endpoint", "reader endpoint", cluster="vol", endpoint_type="reader")],
        third_az=[instance("r2", "reader 2", "reader")])))
    t.flow("client", "wep", 3306, label="writes")
    t.flow("client", "rep", 3306, label="reads")
    t.rel("w", "vol", "the only writer")
    for reader in ("r1", "r2", "r3"):
        t.rel(reader, "vol", "reads")
    t.stage("One writer, three readers", "The client writes through the writer endpoint and reads through the "
            "reader endpoint; if the writer fails, a reader is promoted and the writer endpoint follows it.")
    return t


def e6_aurora_serverless() -> Template:
    t = Template("db/aurora_serverless", "Aurora Serverless",
                 "Capacity follows actual usage, billed per second: a fit for intermittent or unpredictable load. "
                 "Corrected from the spec: the notes describe Aurora Serverless v1, where clients reached a proxy "
                 "fleet in front of instances created on demand; v1 reached end of life in 2024. Serverless v2 "
                 "instances (class db.serverless) sit in the cluster like any instance and scale in place in "
                 "Aurora capacity units (ACUs) between a minimum and a maximum, behind the usual endpoints.",
                 "## Aurora - Advanced Concepts: Aurora Serverless, lines 1809-1818",
                 ["aurora", "serverless", "scaling"], suppress=())

    def instance(node_id: str, label: str, role: str) -> Item:
        return leaf(node_id, "aurora_instance", label, role=role, cluster="vol", instance_class="db.serverless",
                    min_acu=0.5, max_acu=16, subnets=["data_a", "data_b"], security_groups=["db_sg"])

    t.layout(region("reg", "us-east-1", _data_vpc(
        ([ec2("client", "client", ["app_sg"])], []),
        ([instance("a1", "serverless writer (0.5-16 ACU)", "writer")],
         [instance("a2", "serverless reader (0.5-16 ACU)", "reader")]),
        [sg("app_sg", "app-sg"), sg("db_sg", "db-sg", tcp(3306, sg="app_sg"))],
        span=[leaf("wep", "aurora_endpoint", "writer endpoint", cluster="vol", endpoint_type="writer"),
              leaf("vol", "aurora_cluster_volume", "shared storage volume", serverless_version=2),
              leaf("rep", "aurora_endpoint", "reader endpoint", cluster="vol", endpoint_type="reader")])))
    t.flow("client", "wep", 3306, label="SQL (writes)")
    t.flow("client", "rep", 3306, label="SQL (reads)")
    t.rel("a1", "vol", "storage")
    t.rel("a2", "vol", "storage")
    t.stage("Capacity that follows the load", "At night both instances shrink to half an ACU; during a spike they "
            "grow within seconds, without a failover or a new connection.")
    return t


def e7_aurora_multi_master() -> Template:
    t = Template("db/aurora_multi_master", "Aurora Multi-Master (retired)",
                 "Every instance read and wrote, so losing a writer meant reconnecting to another one at once "
                 "instead of waiting for a reader to be promoted. AWS retired Multi-Master (Aurora MySQL 5.6) in "
                 "2023: new clusters have one writer, readers can forward writes (local write forwarding), and "
                 "failover takes under 30 s. Kept as a history lesson; the finding says what to use instead.",
                 "## Aurora - Advanced Concepts: Aurora Multi-Master, lines 1820-1826",
                 ["aurora", "retired", "high-availability"], suppress=())

    def master(node_id: str, label: str) -> Item:
        return leaf(node_id, "aurora_instance", label, role="writer", cluster="vol", instance_class="db.r5.large",
                    subnets=["data_a", "data_b", "data_c"], security_groups=["db_sg"])

    t.layout(region("reg", "us-east-1", _data_vpc(
        ([ec2("client", "client", ["app_sg"])], []),
        ([master("m1", "master 1 (R/W)")], [master("m2", "master 2 (R/W)")]),
        [sg("app_sg", "app-sg"), sg("db_sg", "db-sg", tcp(3306, sg="app_sg"))],
        span=[leaf("vol", "aurora_cluster_volume", "shared storage", multi_master=True)],
        third_az=[master("m3", "master 3 (R/W)")])))
    for node in ("m1", "m2", "m3"):
        t.flow("client", node, 3306, label="reads + writes" if node == "m1" else "reconnect on failure",
               access="read_write")
        t.rel(node, "vol", "storage")
    t.stage("Every node writes (retired)", "When master 1 fails the client simply writes to master 2. AWS no longer "
            "offers this: today's answer is one writer with fast failover.", exhibits=("AUR-MM-001",))
    return t


def e14_dynamodb_streams() -> Template:
    t = Template("db/dynamodb_streams", "DynamoDB Streams to Lambda",
                 "Item creates, updates and deletes land, in order per item, in a stream kept 24 hours; a Lambda "
                 "event source mapping reads it. Uses: welcome e-mails, analytics, derived tables, indexing into "
                 "OpenSearch (ElasticSearch), do-it-yourself replication. The writer application is drawn as a "
                 "Lambda function.",
                 "## DynamoDB Advanced Features: DynamoDB Streams, lines 4742-4756",
                 ["dynamodb", "streams", "lambda"], suppress=())
    t.layout(
        col(leaf("app_role", "iam_role", "writer role (DynamoDB)"),
            leaf("fn_role", "iam_role", "processor role (streams, OpenSearch, SES)"), gap=48),
        region("reg", "us-east-1", row(
            leaf("app", "lambda", "writer application", role="app_role"),
            leaf("table", "dynamodb_table", "users", streams=True, stream_view="NEW_AND_OLD_IMAGES"),
            leaf("stream", "dynamodb_stream", "users stream (24 h)", table="table"),
            leaf("fn", "lambda", "stream processor", role="fn_role"),
            col(leaf("es", "opensearch", "OpenSearch (search index)"), leaf("ses", "ses", "SES (welcome email)"),
                gap=48), gap=80, align="center")))
    t.flow("app", "table", 443, label="create / update / delete")
    t.rel("table", "stream", "change log")
    t.rel("stream", "fn", "event source mapping")
    t.flow("fn", "es", 443, label="index documents")
    t.flow("fn", "ses", 443, label="send email")
    t.stage("React to every change", "A new user item reaches the processor within a second: it indexes the user "
            "for search and sends the welcome email.", passes=("SLS-LAM-009",))
    t.variant("Processor without a role", "The function's calls to OpenSearch and SES would be denied.",
              overrides={"fn": {"props": {"role": None}}}, exhibits=("SLS-LAM-009",))
    return t


def _analytics_vpc(data_a: list[Item], plumbing: list[Item]) -> Item:
    """A private analytics VPC: data subnets in two AZs (the cluster's subnet group), S3 through a gateway endpoint."""
    return vpc("vpc", "analytics-vpc",
               [az("az_a", "us-east-1a", subnet("data_a", "data a", "10.0.20.0/24", "data", *data_a)),
                az("az_b", "us-east-1b", subnet("data_b", "data b", "10.0.21.0/24", "data"))],
               plumbing=[rt("rt_data", "data route table", [pl_route("s3", "gwe_s3")], ["data_a", "data_b"]),
                         leaf("gwe_s3", "vpc_endpoint_gateway", "S3 gateway endpoint", service="s3",
                              route_tables=["rt_data"]), *plumbing],
               rows_per_column=3, cidr="10.0.0.0/16")


def e18_redshift_spectrum() -> Template:
    t = Template("db/redshift_spectrum", "Redshift Spectrum",
                 "A query on an existing Redshift cluster can name external tables whose files stay in S3: the "
                 "cluster pushes the scan and filters down to thousands of Spectrum nodes, managed by AWS, and "
                 "aggregates their partial results. Nothing is loaded. The Spectrum fleet has no node of its own "
                 "here; it is the cluster's scan edge to the bucket. With Enhanced VPC Routing on, that traffic "
                 "goes through the VPC's S3 gateway endpoint.",
                 "## Redshift: RedShift Spectrum, lines 5447-5459", ["redshift", "spectrum", "s3", "analytics"],
                 suppress=())
    t.layout(
        leaf("spectrum_role", "iam_role", "Spectrum role (S3, Glue catalog)"),
        region("reg", "us-east-1", col(leaf("qs", "quicksight", "analyst's BI tool (QuickSight)"),
                                       leaf("catalog", "glue", "Glue Data Catalog (external schema)"), gap=48),
               _analytics_vpc([leaf("rs", "redshift", "Redshift cluster (leader + compute nodes)", nodes=4,
                                    subnets=["data_a", "data_b"], security_groups=["rs_sg"],
                                    enhanced_vpc_routing=True, iam_roles=["spectrum_role"])],
                              [sg("rs_sg", "redshift-sg")]),
               leaf("s3", "s3_bucket", "data lake bucket (external tables)")))
    t.rel("qs", "rs", "SQL (VPC connection)")
    t.rel("rs", "catalog", "external table definitions")
    t.rel("rs", "s3", "Spectrum scan (1000s of nodes)")
    t.stage("Query S3 without loading", "The leader plans the query, the compute nodes push the S3 part down to "
            "Spectrum, which scans the files in parallel and returns partial aggregates for the final join.")
    return t


def e19_glue() -> Template:
    t = Template("db/glue_etl_catalog", "Glue ETL and the Glue Data Catalog",
                 "Glue is serverless ETL: a job extracts from S3 and RDS, transforms, and loads into Redshift. "
                 "Crawlers fill the Data Catalog with table definitions, which Glue jobs, Athena, Redshift Spectrum "
                 "and EMR use to find the data. Glue reaches RDS and Redshift through a Glue connection (network "
                 "interfaces in the VPC's subnets, a security group that admits itself) and S3 through the gateway "
                 "endpoint. EMR has no node in this designer and is left out.",
                 "## Glue, lines 5473-5493", ["glue", "etl", "catalog", "analytics"],
                 suppress=(("db.single_az", "the source database's Multi-AZ setting is outside the ETL lesson"),))
    t.layout(
        leaf("glue_role", "iam_role", "Glue role"),
        region("reg", "us-east-1", col(
            row(leaf("glue", "glue", "Glue ETL job", role="glue_role", connection_subnets=["data_a"],
                     security_groups=["glue_sg"]),
                leaf("crawler", "glue", "Glue crawler", role="glue_role"), gap=64),
            row(leaf("catalog", "glue", "Glue Data Catalog"), leaf("athena", "athena", "Athena"), gap=64),
            gap=48),
            _analytics_vpc([leaf("rds", "rds", "RDS source", engine="mysql", subnets=["data_a", "data_b"],
                                 security_groups=["db_sg"]),
                            leaf("rs", "redshift", "Redshift", nodes=2, subnets=["data_a", "data_b"],
                                 security_groups=["rs_sg"])],
                           [sg("glue_sg", "glue-connection-sg", tcp("0-65535", sg="glue_sg")),
                            sg("db_sg", "db-sg", tcp(3306, sg="glue_sg")),
                            sg("rs_sg", "redshift-sg", tcp(5439, sg="glue_sg"))]),
            col(leaf("s3", "s3_bucket", "raw data"), leaf("ddb", "dynamodb_table", "DynamoDB (catalog only)"),
                gap=48)))
    t.only(2, "crawler", "catalog", "athena", "ddb")
    t.rel("glue", "s3", "extract")
    t.rel("glue", "rds", "extract (JDBC connection)")
    t.rel("glue", "rs", "load")
    for source in ("s3", "rds", "ddb"):
        t.rel("crawler", source, "crawl", only=2)
    t.rel("crawler", "catalog", "write metadata", only=2)
    t.rel("glue", "catalog", "job metadata", only=2)
    t.rel("athena", "catalog", "data discovery", only=2)
    t.rel("rs", "catalog", "Spectrum external schema", only=2)
    t.stage("ETL into Redshift", "The job reads the raw files and the orders table, cleans and joins them, and "
            "loads the result into Redshift for reporting.")
    t.stage("The Data Catalog", "Crawlers record the tables they find in S3, RDS and DynamoDB; Glue jobs, Athena "
            "and Redshift Spectrum all read the same definitions.")
    return t


def e17_redshift_ingestion() -> Template:
    t = Template("db/redshift_ingestion", "Loading data into Redshift: Firehose, COPY, JDBC",
                 "Three ways in. Firehose writes batches to an S3 bucket and then runs COPY itself; it reaches the "
                 "cluster through its public endpoint, so the cluster must be publicly accessible and its security "
                 "group must admit only Firehose's address range for the region (52.70.63.192/27 in us-east-1). "
                 "A manual COPY reads S3 with an IAM role, over the internet unless Enhanced VPC Routing sends it "
                 "through the VPC (here a gateway endpoint). An application can insert over JDBC (port 5439), in "
                 "large batches. The public subnet placement is what Firehose needs, not a general advice.",
                 "## Redshift, lines 5437-5445", ["redshift", "firehose", "ingestion"],
                 suppress=(("avail.single_instance_spof", "the instance stands for any loader"),
                           ("avail.single_az", "Redshift runs in one AZ; the ingestion paths are the lesson")))
    t.layout(
        col(leaf("src", "lambda", "data producers", role="prod_role"),
            stack(leaf("prod_role", "iam_role", "producer role (Firehose)"),
                  leaf("copy_role", "iam_role", "Redshift COPY role (s3:GetObject)")), gap=48),
        region("reg", "us-east-1", vpc(
            "vpc", "analytics-vpc",
            [az("az_a", "us-east-1a",
                subnet("pub_a", "public (Firehose access)", "10.0.0.0/24", "public",
                       leaf("rs", "redshift", "Redshift cluster", nodes=2, subnets=["pub_a", "pub_b"],
                            security_groups=["rs_sg"], publicly_accessible=True, iam_roles=["copy_role"])),
                subnet("priv_a", "private a", "10.0.16.0/20", "private",
                       ec2("loader", "loader app (JDBC)", ["app_sg"]))),
             az("az_b", "us-east-1b", subnet("pub_b", "public b", "10.0.1.0/24", "public"))],
            plumbing=[leaf("igw", "igw", "IGW"),
                      rt("rt_pub", "public route table", [route(ANY, "igw"), pl_route("s3", "gwe_s3")],
                         ["pub_a", "pub_b"]),
                      leaf("gwe_s3", "vpc_endpoint_gateway", "S3 gateway endpoint", service="s3",
                           route_tables=["rt_pub"]),
                      sg("app_sg", "app-sg"),
                      sg("rs_sg", "redshift-sg", tcp(5439, "52.70.63.192/27"), tcp(5439, sg="app_sg"))],
            rows_per_column=3, cidr="10.0.0.0/16"),
            col(leaf("fh", "kinesis_firehose", "Firehose (to Redshift)"), leaf("s3", "s3_bucket", "staging bucket"),
                gap=48)))
    t.only(1, "src", "fh", "prod_role")
    t.only((1, 2), "s3")
    t.only(2, "copy_role")
    t.only(3, "loader")
    t.flow("src", "fh", 443, label="records", only=1)
    t.flow("fh", "s3", 443, label="batch write", only=1)
    t.rel("fh", "rs", "COPY from the bucket (public endpoint, 5439)", only=1)
    t.flow("rs", "s3", 443, label="COPY (through the VPC)", only=2)
    t.flow("loader", "rs", 5439, label="JDBC inserts (large batches)", only=3)
    t.stage("Firehose", "Records are buffered, written to the staging bucket and loaded with COPY automatically; "
            "Firehose connects from its published address range.")
    t.stage("COPY from S3", "An analyst runs COPY with the cluster's role; with Enhanced VPC Routing the data comes "
            "through the S3 gateway endpoint, not the internet.",
            overrides={"rs": {"props": {"enhanced_vpc_routing": True}}})
    t.stage("JDBC from an application", "The loader inserts rows over JDBC; single-row inserts are slow, so it "
            "batches thousands of rows per statement.")
    return t


BUILDERS = [e1_read_replicas, e2_multi_az, e3_iam_auth, e4_aurora, e10_db_cache, e11_session_store, e12_cache_security,
            e6_aurora_serverless, e7_aurora_multi_master, e14_dynamodb_streams, e18_redshift_spectrum, e19_glue,
            e17_redshift_ingestion]


def main() -> int:
    return run(BUILDERS, OUT, sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
