"""Write a few more Parts E/I/K templates of case-studies.md: DAX, SQS consumers in an ASG, CloudHSM.

Not reviewed in the spec; checked against AWS before bundling:

* a DAX cluster is one resource with nodes in several AZs (drawn as one node with ``nodes: 3``), reached on
  8111 from the application's security group; DAX reaches DynamoDB on its own (drawn as relations);
* SQS consumers in private subnets reach the queue through an SQS interface endpoint (private DNS on), with an
  IAM role allowing the queue calls;
* CloudHSM clients talk to the HSMs on TCP 2223-2225, admitted by the cluster's security group; IAM manages the
  cluster itself, never the keys.

Run ``/work/venv/bin/python templates/tools/build_misc_templates.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_vpc_templates import ANY, ec2, pl_route, region, rt, sg, tcp  # noqa: E402
from template_kit import Template, run  # noqa: E402
from vpc_layout import az, box, col, leaf, row, subnet, vpc  # noqa: E402

OUT = Path(__file__).resolve().parents[1]
HSM_PORTS = "2223-2225"


def e13_dax() -> Template:
    t = Template("db/dynamodb_dax", "DynamoDB with DAX",
                 "DAX is a DynamoDB-only, write-through, microsecond in-memory cache (default TTL 5 minutes, up to "
                 "10 nodes, 3 across AZs recommended for production). It removes hot-key throttling without "
                 "rewriting the application.",
                 "## DynamoDB Advanced Features: DAX, lines 4721-4740", ["dynamodb", "dax", "caching"], suppress=())
    t.layout(leaf("app_role", "iam_role", "app role (DAX, DynamoDB)"), region("reg", "us-east-1", vpc(
        "vpc", "app-vpc",
        [az("az_a", "us-east-1a", subnet("priv_a", "app a", "10.0.10.0/24", "private",
                                         ec2("app", "application", ["app_sg"], iam_role="app_role")),
            subnet("data_a", "data a", "10.0.20.0/24", "data",
                   leaf("dax", "dax", "DAX cluster (3 nodes, one per AZ)", nodes=3,
                        subnets=["data_a", "data_b", "data_c"], security_groups=["dax_sg"], ttl_s=300))),
         az("az_b", "us-east-1b", subnet("data_b", "data b", "10.0.21.0/24", "data")),
         az("az_c", "us-east-1c", subnet("data_c", "data c", "10.0.22.0/24", "data"))],
        plumbing=[sg("app_sg", "app-sg"), sg("dax_sg", "dax-sg", tcp(8111, sg="app_sg"))], cidr="10.0.0.0/16"),
        col(*[leaf(f"t{n}", "dynamodb_table", f"table {n}") for n in (1, 2, 3)], gap=40)))
    t.flow("app", "dax", 8111, label="reads + writes (cluster endpoint)")
    for n in (1, 2, 3):
        t.rel("dax", f"t{n}", "misses; writes pass through")
    t.stage("Cache in front of DynamoDB", "Reads are served from memory in microseconds; writes go through DAX to "
            "the tables, so the cache stays current.", passes=("SLS-DDB-003",))
    t.variant("One-node DAX cluster", "A single node has no failover: production needs at least 3 across AZs.",
              overrides={"dax": {"props": {"nodes": 1, "subnets": ["data_a"]}}}, exhibits=("SLS-DDB-003",))
    return t


def i2_sqs_asg() -> Template:
    t = Template("msg/sqs_asg_scaling", "SQS consumers in an Auto Scaling group scaled on queue length",
                 "Consumer instances in an Auto Scaling group poll the queue; a CloudWatch alarm on the queue length "
                 "(ApproximateNumberOfMessages), or on a custom backlog-per-instance metric the instances publish, "
                 "drives the scale-out and scale-in policies. Thresholds are proposed.",
                 "## Amazon SQS - Standard Queues Overview: SQS with Auto Scaling Group 3787-3792; "
                 "SQS + Auto Scaling Group 3910-3922", ["messaging", "sqs", "asg", "scaling"], suppress=())

    def member(n: int) -> object:
        return ec2(f"w{n}", f"consumer {n}", ["worker_sg"], member_of="asg", iam_role="consumer_role")

    t.layout(leaf("consumer_role", "iam_role", "consumer role (SQS)"), region("reg", "us-east-1", vpc(
        "vpc", "worker-vpc",
        [az("az_a", "us-east-1a", subnet("priv_a", "private a", "10.0.16.0/20", "private", member(1),
                                         leaf("sqs_ep", "vpc_endpoint_interface", "SQS interface endpoint",
                                              service="sqs", subnets=["priv_a", "priv_b"],
                                              security_groups=["ep_sg"], private_dns=True))),
         az("az_b", "us-east-1b", subnet("priv_b", "private b", "10.0.32.0/20", "private", member(2)))],
        plumbing=[sg("worker_sg", "worker-sg"), sg("ep_sg", "endpoint-sg", tcp(443, "10.0.0.0/16"))],
        span=[leaf("asg", "asg", "consumers-asg", subnets=["priv_a", "priv_b"], min=1, desired=2, max=10,
                   security_groups=["worker_sg"], scaling_policy="step on queue length")],
        cidr="10.0.0.0/16", enable_dns_hostnames=True),
        col(leaf("q", "sqs_queue", "jobs"),
            leaf("metric", "cloudwatch_metric", "ApproximateNumberOfMessages", metric="ApproximateNumberOfMessages"),
            row(leaf("a_hi", "cloudwatch_alarm", "scale-out alarm", threshold="> 1000 messages", action="+2"),
                leaf("a_lo", "cloudwatch_alarm", "scale-in alarm", threshold="< 100 messages", action="-1")),
            gap=40, align="center")))
    t.flow("w1", "q", 443, label="poll (ReceiveMessage)")
    t.flow("w2", "q", 443, label="poll (ReceiveMessage)")
    t.rel("q", "metric", "queue length", only=1)
    t.rel("w1", "metric", "PutMetricData", only=2)
    t.rel("w2", "metric", "PutMetricData", only=2)
    for alarm in ("a_hi", "a_lo"):
        t.rel("metric", alarm, "evaluates")
        t.rel(alarm, "asg", "scaling policy")
    t.stage("Scaling on queue length", "When more than 1,000 messages wait, the group adds two consumers; below "
            "100 it removes one.")
    t.stage("Scaling on backlog per instance", "The consumers publish the queue length divided by the number of "
            "instances; the alarms keep it between 10 and 100 messages each.",
            overrides={"metric": {"label": "BacklogPerInstance (custom)", "props": {"metric": "BacklogPerInstance"}},
                       "a_hi": {"props": {"threshold": "> 100 per instance"}},
                       "a_lo": {"props": {"threshold": "< 10 per instance"}}})
    return t


def k15_cloudhsm() -> Template:
    t = Template("security/cloudhsm_ha", "CloudHSM cluster across AZs",
                 "AWS provides dedicated FIPS 140-2 Level 3 hardware; you manage the keys and users with the "
                 "CloudHSM client (IAM only creates and deletes the cluster). A cluster spans AZs and replicates "
                 "between its HSMs; it pairs well with SSE-C and Redshift.",
                 "## CloudHSM, lines 6608-6659", ["security", "cloudhsm", "encryption"],
                 suppress=(("avail.single_instance_spof", "the client stands for any application"),))
    t.layout(
        leaf("iam", "iam", "IAM (cluster management only)"),
        region("reg", "us-east-1", vpc(
            "vpc", "hsm-vpc",
            [az("az_a", "us-east-1a", subnet("priv_a", "private a", "10.0.16.0/20", "private",
                                             ec2("client", "app with CloudHSM client", ["client_sg"]),
                                             leaf("hsm_a", "cloudhsm", "HSM a", security_groups=["hsm_sg"],
                                                  cluster="hsm-cluster-1"))),
             az("az_b", "us-east-1b", subnet("priv_b", "private b", "10.0.32.0/20", "private",
                                             leaf("hsm_b", "cloudhsm", "HSM b", security_groups=["hsm_sg"],
                                                  cluster="hsm-cluster-1")))],
            plumbing=[sg("client_sg", "client-sg"), sg("hsm_sg", "cloudhsm-cluster-sg", tcp(HSM_PORTS,
                                                                                          sg="client_sg"))],
            cidr="10.0.0.0/16")))
    t.flow("client", "hsm_a", HSM_PORTS, label="CloudHSM client (TLS)")
    t.flow("client", "hsm_b", HSM_PORTS, label="CloudHSM client (TLS)")
    t.rel("hsm_a", "hsm_b", "replication")
    t.rel("iam", "hsm_a", "manage the cluster, not the keys")
    t.stage("Two HSMs, two AZs", "The client load-balances over both HSMs; if one AZ fails, the keys are still in "
            "the other HSM.")
    return t


def e15_global_tables() -> Template:
    t = Template("db/dynamodb_global_tables", "DynamoDB Global Tables",
                 "Active-active replication between regions (the notes' example: us-east-1 and ap-southeast-2): "
                 "writes in either region replicate to the other, for low latency and DR. Streams must be on. Each "
                 "application reaches its regional replica privately through a DynamoDB gateway endpoint.",
                 "## DynamoDB Advanced Features: Global Tables, lines 4785-4797",
                 ["dynamodb", "global-tables", "multi-region"],
                 suppress=(("avail.single_instance_spof", "each app stands for a regional fleet"),))
    regions = ["us-east-1", "ap-southeast-2"]

    def side(p: str, name: str, second: int, app_label: str) -> object:
        return region(f"{p}reg", name, vpc(
            f"{p}vpc", f"app-vpc {name}",
            [az(f"{p}az", f"{name}a", subnet(f"{p}priv", "private", f"10.{second}.16.0/20", "private",
                                             ec2(f"{p}app", app_label, [f"{p}app_sg"], iam_role="app_role")))],
            plumbing=[rt(f"{p}rt", "private route table", [pl_route("dynamodb", f"{p}gwe")], [f"{p}priv"]),
                      leaf(f"{p}gwe", "vpc_endpoint_gateway", "DynamoDB gateway endpoint", service="dynamodb",
                           route_tables=[f"{p}rt"]),
                      sg(f"{p}app_sg", "app-sg")],
            cidr=f"10.{second}.0.0/16"),
            leaf(f"{p}table", "dynamodb_table", "global table replica", streams=True, global_regions=regions))

    t.layout(leaf("app_role", "iam_role", "app role (DynamoDB)"),
             col(side("us_", "us-east-1", 0, "app US"), side("au_", "ap-southeast-2", 1, "app AU"), gap=48))
    t.flow("us_app", "us_table", 443, label="reads + writes")
    t.flow("au_app", "au_table", 443, label="reads + writes")
    t.rel("us_table", "au_table", "replication (both ways)")
    t.stage("One table, two regions", "Each application writes to its own region's replica; DynamoDB replicates "
            "the changes to the other region within about a second.", passes=("ddb.global_table_requires_streams",))
    t.variant("Streams turned off", "Global tables replicate through DynamoDB Streams.",
              overrides={"us_table": {"props": {"streams": False}}}, exhibits=("ddb.global_table_requires_streams",))
    return t


def e8_aurora_global() -> Template:
    from build_dr_templates import _dr_vpc

    t = Template("db/aurora_global", "Aurora Global Database",
                 "One primary region reads and writes; read-only secondary regions (5 in the notes, 10 on AWS "
                 "today) follow with under a second of lag and up to 16 replicas each. Promoting a secondary for DR "
                 "takes under a minute. Cross-region read replicas are the simpler alternative.",
                 "## Aurora - Advanced Concepts: Global Aurora, lines 1828-1839", ["aurora", "multi-region", "dr"],
                 suppress=(("avail.single_instance_spof", "each app stands for a regional fleet"),))

    def side(p: str, second: int, name: str, primary: bool) -> object:
        instances = [leaf(f"{p}w" if primary else f"{p}r1", "aurora_instance",
                          "primary writer" if primary else "secondary reader 1", cluster=f"{p}cluster",
                          role="writer" if primary else "reader", subnets=[f"{p}data_a", f"{p}data_b"],
                          security_groups=[f"{p}db_sg"], **({} if primary else {"replica_of": "p_w"})),
                     leaf(f"{p}r" if primary else f"{p}r2", "aurora_instance",
                          "primary reader" if primary else "secondary reader 2", cluster=f"{p}cluster", role="reader",
                          subnets=[f"{p}data_a", f"{p}data_b"], security_groups=[f"{p}db_sg"],
                          replica_of="p_w")]
        return region(f"{p}reg", name, _dr_vpc(
            p, second, name, app=([ec2(f"{p}app", "app (read/write)" if primary else "app (read-only)",
                                       [f"{p}app_sg"])], []),
            data=([instances[0]], [instances[1]]),
            span=[leaf(f"{p}cluster", "aurora_cluster_volume", "Aurora Global (primary)" if primary else
                       "Aurora Global (secondary)", global_secondary_regions=["eu-west-1"] if primary else [])],
            plumbing=[sg(f"{p}app_sg", "app-sg"), sg(f"{p}db_sg", "db-sg", tcp(3306, sg=f"{p}app_sg"))],
            label=f"db-vpc {name}"))

    t.layout(side("p_", 0, "us-east-1", True), side("s_", 1, "eu-west-1", False), flow="col", gap=48)
    t.flow("p_app", "p_w", 3306, label="reads + writes", access="read_write")
    t.flow("s_app", "s_r1", 3306, label="reads", access="read")
    t.flow("s_app", "s_r2", 3306, label="reads", access="read")
    t.rel("p_w", "s_r1", "storage replication < 1 s")
    t.rel("p_w", "s_r2", "storage replication < 1 s")
    t.stage("Primary and secondary region", "The app in us-east-1 writes; the app in eu-west-1 reads locally from "
            "replicas a second behind. In a regional outage, eu-west-1 is promoted in under a minute.",
            passes=("db.aurora_global_limits",))
    t.variant("Eleven secondary regions", "A global database has at most 10 secondary regions today (5 in the "
              "notes).",
              overrides={"p_cluster": {"props": {"global_secondary_regions": [
                  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-southeast-1",
                  "ap-southeast-2", "ap-northeast-1", "ap-south-1", "sa-east-1", "ca-central-1"]}}},
              exhibits=("db.aurora_global_limits",))
    return t


def d1_region_az() -> Template:
    t = Template("core/region_az", "Regions and Availability Zones",
                 "A region (here ap-southeast-2) is a cluster of usually 3 (2 to 6) isolated Availability Zones, each "
                 "one or more data centres with redundant power and networking, joined by low-latency links. Edge "
                 "locations (points of presence) sit outside the regions.",
                 "## AWS Cloud Overview - Region & AZ, lines 5-38", ["basics", "region", "availability-zones"],
                 suppress=())
    t.layout(
        region("reg", "ap-southeast-2", *[box(f"az_{x}", "az", f"ap-southeast-2{x}", name=f"ap-southeast-2{x}",
                                               min_w=220, min_h=140) for x in "abc"]),
        box("edge", "edge_network", "Edge locations (points of presence)", min_w=300, min_h=140))
    t.rel("az_a", "az_b", "low-latency links")
    t.rel("az_b", "az_c", "low-latency links")
    t.stage("One region, three AZs", "Each AZ fails independently of the others; spreading a workload over two or "
            "more AZs is what makes it highly available.")
    return t


def e5_aurora_endpoints() -> Template:
    from build_data_templates import _data_vpc

    t = Template("db/aurora_autoscaling_custom_endpoints", "Aurora replica auto scaling and custom endpoints",
                 "When reader CPU rises, replica auto scaling adds readers and the reader endpoint grows with them. "
                 "A custom endpoint targets a subset, for example larger instances for analytics; the generic "
                 "reader endpoint then usually goes unused.",
                 "## Aurora - Advanced Concepts, lines 1795-1808", ["aurora", "scaling", "endpoints"], suppress=())

    def instance(node_id: str, label: str, role: str, size: str = "db.r5.large") -> object:
        return leaf(node_id, "aurora_instance", label, role=role, cluster="vol", instance_class=size,
                    subnets=["data_a", "data_b"], security_groups=["db_sg"])

    t.layout(region("reg", "us-east-1", _data_vpc(
        ([ec2("client", "client", ["app_sg"])], []),
        ([instance("w", "writer", "writer"), instance("r1", "reader 1", "reader")],
         [instance("r2", "reader 2", "reader"), instance("r3", "reader 3 (auto-scaled)", "reader"),
          instance("r4", "reader 4 (large)", "reader", "db.r5.2xlarge")]),
        [sg("app_sg", "app-sg"), sg("db_sg", "db-sg", tcp(3306, sg="app_sg"))],
        span=[leaf("wep", "aurora_endpoint", "writer endpoint", cluster="vol", endpoint_type="writer"),
              leaf("rep", "aurora_endpoint", "reader endpoint", cluster="vol", endpoint_type="reader"),
              leaf("cep", "aurora_endpoint", "custom endpoint: analytics", cluster="vol",
                   endpoint_type="custom_reader", members=["r3", "r4"]),
              leaf("vol", "aurora_cluster_volume", "shared storage", replica_autoscaling="target CPU 60%")])))
    t.only(2, "r4", "cep")
    t.flow("client", "wep", 3306, label="writes", access="write")
    t.flow("client", "rep", 3306, label="reads", access="read", only=1)
    t.flow("client", "cep", 3306, label="analytics queries", access="read", only=2)
    t.stage("Replica auto scaling", "Readers 1 and 2 ran hot, so auto scaling added reader 3; the reader endpoint "
            "now spreads connections over all three.",
            overrides={"r1": {"label": "reader 1 (CPU high)"}, "r2": {"label": "reader 2 (CPU high)"}})
    t.stage("Custom endpoint for analytics", "Two large readers form an 'analytics' custom endpoint; analytics "
            "queries go there and stop competing with the application's reads.",
            overrides={"r3": {"props": {"instance_class": "db.r5.2xlarge"}}})
    return t


def e16_redshift_dr() -> Template:
    t = Template("db/redshift_snapshot_dr", "Redshift: cross-region snapshot DR",
                 "Redshift runs in one AZ (no Multi-AZ). Incremental snapshots (automated every 8 hours or 5 GB, on "
                 "a schedule, or manual) can be copied automatically to another region and restored there into a "
                 "new cluster.",
                 "## Redshift: Snapshots and Disaster Recovery, lines 5421-5435", ["redshift", "dr", "snapshots"],
                 suppress=())
    def side(p: str, name: str, second: int, node: object) -> object:
        return region(f"{p}reg", name, vpc(
            f"{p}vpc", f"analytics-vpc {name}",
            [az(f"{p}az", f"{name}a", subnet(f"{p}sn", "data", f"10.{second}.20.0/24", "data", node))],
            plumbing=[sg(f"{p}rs_sg", "redshift-sg")], cidr=f"10.{second}.0.0/16"),
            leaf(f"{p}snap", "redshift_snapshot", "snapshot (automated)" if p == "p_" else "copied snapshot"))

    t.layout(side("p_", "us-east-1", 0, leaf("rs", "redshift", "original cluster", nodes=2,
                                                snapshot_copy_region="us-west-2", subnets=["p_sn"],
                                                security_groups=["p_rs_sg"])),
             side("d_", "us-west-2", 1, leaf("rs2", "redshift", "new cluster (restored)", nodes=2, subnets=["d_sn"],
                                              security_groups=["d_rs_sg"])), gap=96)
    t.rel("rs", "p_snap", "take snapshot")
    t.rel("p_snap", "d_snap", "automatic cross-region copy")
    t.rel("d_snap", "rs2", "restore")
    t.stage("Snapshots copied to us-west-2", "If us-east-1 is lost, a new cluster is restored in us-west-2 from the "
            "latest copied snapshot: hours of RTO, up to 8 hours of RPO.")
    return t


def k2_ec2_recovery() -> Template:
    t = Template("mon/ec2_recovery", "CloudWatch alarm to EC2 instance recovery and SNS",
                 "An alarm on StatusCheckFailed_System triggers the EC2 Recover action: the instance moves to new "
                 "hardware and keeps its private, public and Elastic IPs, metadata and placement group (instance "
                 "store data is lost), and the alarm notifies an SNS topic. Other alarm actions: stop, terminate, "
                 "reboot, Auto Scaling, SNS.",
                 "## AWS CloudWatch Alarms 5674-5722; ## EC2 Instance Recovery with CloudWatch Alarms 5724-5738",
                 ["monitoring", "cloudwatch", "ec2", "recovery"],
                 suppress=(("avail.single_instance_spof", "recovery protects a single instance; that is the lesson"),
                           ("avail.single_az", "recovery protects a single instance; that is the lesson")))
    from build_vpc_templates import ANY, route, rt

    t.layout(
        leaf("ops", "email_recipient", "on-call email"),
        region("reg", "us-east-1", vpc(
            "vpc", "app-vpc",
            [az("az_a", "us-east-1a", subnet("pub_a", "public", "10.0.0.0/24", "public",
                                             ec2("ec2", "monitored instance (EBS-backed)", ["web_sg"],
                                                 elastic_ip=True, root_device="ebs")))],
            plumbing=[leaf("igw", "igw", "IGW"), rt("rt", "public route table", [route(ANY, "igw")], ["pub_a"]),
                      sg("web_sg", "web-sg", tcp(443, ANY))], rows_per_column=3, cidr="10.0.0.0/16"),
            col(leaf("alarm", "cloudwatch_alarm", "StatusCheckFailed_System", period_s=60, datapoints=2,
                     actions=["ec2:recover", "sns:ops"]),
                leaf("sns", "sns_topic", "ops-alerts", subscribers=["ops"]), gap=48)))
    t.rel("ec2", "alarm", "status check metric")
    t.rel("alarm", "ec2", "action: recover on new hardware")
    t.rel("alarm", "sns", "notify")
    t.rel("sns", "ops", "email")
    t.stage("Automatic recovery", "When the host fails its system status check twice in a row, the instance is "
            "recovered onto healthy hardware with the same addresses, and the on-call engineer gets an email.",
            passes=("mon.recovery_instance_store",))
    return t


def k17_guardduty() -> Template:
    t = Template("security/guardduty", "GuardDuty findings to Lambda and SNS",
                 "GuardDuty applies machine learning and anomaly detection to CloudTrail events, VPC Flow Logs and "
                 "DNS query logs (crypto-mining, for instance). An EventBridge (CloudWatch Events) rule on its "
                 "findings targets a Lambda function for automatic response and an SNS topic for people.",
                 "## GuardDuty, lines 6718-6739", ["security", "guardduty", "eventbridge"], suppress=())
    t.layout(
        leaf("fn_role", "iam_role", "auto-response role"),
        region("reg", "us-east-1", row(
            col(leaf("ct", "cloudtrail", "CloudTrail events"), leaf("fl", "flow_log", "VPC Flow Logs"),
                leaf("dns", "cloudwatch_logs", "DNS query logs"), gap=32),
            leaf("gd", "guardduty", "GuardDuty"),
            leaf("eb", "eventbridge", "EventBridge rule (findings)", pattern={"source": ["aws.guardduty"]},
                 targets=["fn", "sns"]),
            col(leaf("fn", "lambda", "auto-response", role="fn_role"), leaf("sns", "sns_topic", "security alerts"),
                gap=48), gap=80, align="center")))
    for source in ("ct", "fl", "dns"):
        t.rel(source, "gd", "analysed")
    t.rel("gd", "eb", "findings")
    t.rel("eb", "fn", "target")
    t.rel("eb", "sns", "target")
    t.stage("Findings drive responses", "A finding, such as an instance talking to a crypto-mining pool, matches "
            "the rule: the function isolates the instance and the topic alerts the security team.")
    return t


def k3_metric_filter() -> Template:
    t = Template("mon/logs_metric_filter_alarm", "CloudWatch Logs metric filter to an alarm",
                 "A metric filter turns matching log lines (here requests from one suspicious IP, proposed) into a "
                 "metric; an alarm on that metric notifies an SNS topic when it crosses the threshold.",
                 "## AWS CloudWatch Alarms: good to know 5712-5718; ## AWS CloudWatch Logs 5630-5634",
                 ["monitoring", "cloudwatch", "logs"], suppress=())
    t.layout(region("reg", "us-east-1", row(
        leaf("cwl", "cloudwatch_logs", "log group", metric_filter="[ip=203.0.113.50, ...]"),
        leaf("metric", "cloudwatch_metric", "filter metric"),
        leaf("alarm", "cloudwatch_alarm", "alarm", threshold=">= 1 in 5 minutes"),
        leaf("sns", "sns_topic", "alerts"), gap=80)))
    t.rel("cwl", "metric", "metric filter")
    t.rel("metric", "alarm", "evaluates")
    t.rel("alarm", "sns", "notify")
    t.stage("From log lines to an alert", "Every log line from the watched IP adds 1 to the metric; one in five "
            "minutes raises the alarm and an SNS notification.")
    return t


def k5_cloudtrail() -> Template:
    t = Template("mon/cloudtrail", "CloudTrail with long-term retention, Athena and Insights",
                 "A trail in all regions records every API call (console, SDK, CLI, users and roles). Events go to "
                 "CloudWatch Logs and to S3 for long-term retention, queried with Athena. CloudTrail Insights learns "
                 "a baseline of management events and reports unusual activity, which EventBridge can route.",
                 "## CloudTrail Overview, lines 5783-5851", ["monitoring", "cloudtrail", "audit"], suppress=())
    t.layout(
        leaf("actors", "user", "console, SDK, CLI users and roles"),
        box("global", "global", "account-wide", leaf("ct", "cloudtrail", "trail (all regions)",
                                                      management_events="read/write", data_events=False),
            leaf("insights", "cloudtrail", "CloudTrail Insights", insights=True), flow="col"),
        region("reg", "us-east-1", col(
            leaf("cwl", "cloudwatch_logs", "trail log group"),
            leaf("bucket", "s3_bucket", "trail archive (S3)", versioning=True,
                 lifecycle=[{"transition_days": 90, "to": "GLACIER"}]),
            leaf("athena", "athena", "Athena"), leaf("eb", "eventbridge", "EventBridge rule (Insights events)"),
            gap=32)))
    t.only(1, "cwl", "bucket", "athena")
    t.only(2, "insights", "eb")
    t.rel("actors", "ct", "API calls recorded")
    t.rel("ct", "cwl", "deliver", only=1)
    t.rel("ct", "bucket", "deliver (long-term)", only=1)
    t.rel("athena", "bucket", "query", only=1)
    t.rel("ct", "insights", "management events baseline", only=2)
    t.rel("insights", "eb", "unusual activity", only=2)
    t.stage("Trail to CloudWatch Logs and S3", "Recent events are searchable in CloudWatch Logs; the S3 archive "
            "keeps them for years and Athena queries it.")
    t.stage("CloudTrail Insights", "Insights compares write activity with its baseline and raises events, for "
            "instance a burst of instance launches, that EventBridge can route.")
    return t


def k14_parameter_store() -> Template:
    t = Template("security/ssm_parameter_store", "SSM Parameter Store with KMS and a hierarchy",
                 "Applications read plaintext configuration (access checked by IAM) or SecureString secrets "
                 "(decrypted with KMS) from a path hierarchy such as /my-department/my-app/dev/db-url; a function "
                 "finds its branch through an environment variable and reads it with GetParametersByPath. Advanced "
                 "parameters add policies (expiration, expiration notification, no-change notification) that "
                 "raise EventBridge (CloudWatch Events) events.",
                 "## SSM Parameter Store Overview, lines 6551-6591", ["security", "ssm", "kms", "configuration"],
                 suppress=())
    t.layout(
        col(leaf("iam", "iam", "IAM (permission check)"), leaf("dev_role", "iam_role", "dev app role"),
            leaf("prod_role", "iam_role", "prod app role"), gap=40),
        region("reg", "us-east-1", row(
            col(leaf("fn_dev", "lambda", "app (dev)", role="dev_role", env={"PARAM_PATH": "/my-department/my-app/dev"}),
                leaf("fn_prod", "lambda", "app (prod)", role="prod_role",
                     env={"PARAM_PATH": "/my-department/my-app/prod"}), gap=64),
            leaf("ps", "ssm_parameter_store", "Parameter Store /my-department/my-app", tier="advanced",
                 parameters=["/my-department/my-app/dev/db-url", "/my-department/my-app/dev/db-password (SecureString)",
                             "/my-department/my-app/prod/db-url",
                             "/my-department/my-app/prod/db-password (SecureString)"], kms_key="kms"),
            col(leaf("kms", "kms_key", "KMS key"), leaf("eb", "eventbridge", "EventBridge (parameter policies)"),
                gap=64), gap=96, align="center")))
    t.flow("fn_dev", "ps", 443, label="GetParametersByPath /dev")
    t.flow("fn_prod", "ps", 443, label="GetParametersByPath /prod")
    t.rel("ps", "iam", "permission check")
    t.rel("ps", "kms", "decrypt SecureString")
    t.rel("ps", "eb", "expiration notifications")
    t.stage("One hierarchy, two environments", "Each function reads only its own branch (its role allows that path "
            "alone) and gets the password decrypted, if its role may also use the KMS key.")
    return t


def k19_secrets_manager_rds() -> Template:
    t = Template("security/secrets_manager_rds", "Secrets Manager rotating RDS credentials",
                 "The database password lives in Secrets Manager, encrypted with KMS, and a rotation Lambda "
                 "changes it every 30 days (proposed) in RDS and in the secret together; the application fetches "
                 "the current value at run time. The rotation function runs in the VPC to reach the database, so "
                 "it reaches Secrets Manager through an interface endpoint (or a NAT), a step the notes leave out.",
                 "## AWS Secrets Manager - Overview, lines 6593-6606", ["security", "secrets-manager", "rds", "kms"],
                 suppress=(("avail.single_instance_spof", "the instance stands for the application fleet"),
                           ("avail.single_az", "one AZ of application keeps the rotation lesson readable"),
                           ("db.single_az", "the database's Multi-AZ setting is outside the rotation lesson")))
    t.layout(
        col(leaf("app_role", "iam_role", "app role"),
            leaf("rot_role", "iam_role", "rotation role"), gap=48),
        region("reg", "us-east-1", vpc(
            "vpc", "app-vpc",
            [az("az_a", "us-east-1a",
                subnet("priv_a", "private a", "10.0.10.0/24", "private",
                       ec2("app", "application", ["app_sg"], iam_role="app_role"),
                       leaf("rot", "lambda", "rotation function", role="rot_role", subnets=["priv_a", "priv_b"],
                            security_groups=["rot_sg"]),
                       leaf("ep_sm", "vpc_endpoint_interface", "secrets endpoint", service="secretsmanager",
                            subnets=["priv_a", "priv_b"], security_groups=["ep_sg"], private_dns=True), per_row=3),
                subnet("data_a", "data a", "10.0.20.0/24", "data",
                       leaf("rds", "rds", "RDS MySQL", engine="mysql", subnets=["data_a", "data_b"],
                            security_groups=["db_sg"], storage_encrypted=True))),
             az("az_b", "us-east-1b", subnet("priv_b", "private b", "10.0.11.0/24", "private"),
                subnet("data_b", "data b", "10.0.21.0/24", "data"))],
            plumbing=[sg("app_sg", "app-sg"), sg("rot_sg", "rotation-sg"),
                      sg("ep_sg", "endpoint-sg", tcp(443, "10.0.0.0/16")),
                      sg("db_sg", "db-sg", tcp(3306, sg="app_sg"), tcp(3306, sg="rot_sg"))],
            cidr="10.0.0.0/16", enable_dns_hostnames=True),
            col(leaf("sm", "secrets_manager", "db secret (30-day rotation)", rotation_days=30,
                     rotation_lambda="rot", kms_key="kms"),
                leaf("kms", "kms_key", "KMS key"), gap=64)))
    t.flow("app", "sm", 443, label="GetSecretValue")
    t.flow("app", "rds", 3306, label="connect with the current secret")
    t.rel("sm", "rot", "rotate (every 30 days)")
    t.flow("rot", "sm", 443, label="put the new version")
    t.flow("rot", "rds", 3306, label="change password")
    t.rel("sm", "kms", "encrypt / decrypt")
    t.stage("Rotated without a deploy", "Every 30 days the function sets a new password in RDS and stores it as the "
            "secret's current version; the application reads the secret at connection time and never notices.")
    return t


def k13_kms_snapshot_copy() -> Template:
    t = Template("security/kms_snapshot_copy", "KMS: copying encrypted snapshots across regions and accounts",
                 "KMS keys are regional: a snapshot copied to another region is re-encrypted with a key of that "
                 "region (key A to key B). To share with another account, key A's policy must let that account use "
                 "the key; the snapshot is shared, and the target account copies it, re-encrypting with its own "
                 "key. (Multi-Region keys, which the notes predate, carry one key material to several regions.)",
                 "## KMS Overview: copying snapshots across regions 6472-6485, across accounts 6500-6511",
                 ["security", "kms", "ebs", "snapshots"], suppress=())
    t.layout(
        region("r1", "eu-west-2", box("r1_az", "az", "eu-west-2a", leaf("vol", "ebs", "encrypted EBS volume",
                                                                         encrypted=True, kms_key="keyA"),
                                      name="eu-west-2a"),
               col(leaf("keyA", "kms_key", "KMS key A"), leaf("snap", "ebs_snapshot", "snapshot (key A)",
                                                             kms_key="keyA"), gap=48)),
        col(region("r2", "us-east-1", col(leaf("keyB", "kms_key", "KMS key B"),
                                          leaf("snap2", "ebs_snapshot", "copied snapshot (key B)", kms_key="keyB"),
                                          gap=48),
                   box("r2_az", "az", "us-east-1a", leaf("vol2", "ebs", "new volume (key B)", encrypted=True,
                                                         kms_key="keyB", source_snapshot="snap2"),
                       name="us-east-1a")),
            box("accT", "account", "Target account", region("rT", "eu-west-2", col(
                leaf("keyT", "kms_key", "target-account key"),
                leaf("snapT", "ebs_snapshot", "target copy (target key)", kms_key="keyT"), gap=48),
                box("rT_az", "az", "eu-west-2a", leaf("volT", "ebs", "target volume", encrypted=True, kms_key="keyT",
                                                      source_snapshot="snapT"), name="eu-west-2a"),
                label="eu-west-2 (target account)")), gap=48), gap=96)
    t.only(1, "r2", "keyB", "snap2", "vol2", "r2_az")
    t.only(2, "accT", "rT", "keyT", "snapT", "volT", "rT_az")
    t.rel("vol", "snap", "snapshot")
    t.rel("snap", "snap2", "copy + re-encrypt with key B", only=1)
    t.rel("snap2", "vol2", "restore", only=1)
    t.rel("snap", "snapT", "share, copy (target key)", only=2)
    t.rel("keyA", "snapT", "key policy: target may use it", only=2)
    t.rel("snapT", "volT", "restore", only=2)
    t.stage("Across regions", "Key A cannot leave eu-west-2, so the copy to us-east-1 is re-encrypted with key B "
            "and restored there.", passes=("kms.cross_region_key",))
    t.stage("Across accounts", "Key A's policy lets the target account decrypt; the target copies the shared "
            "snapshot under its own key and no longer depends on key A.",
            overrides={"snap": {"label": "snapshot (key A, shared)", "props": {"shared_with": ["accT"]}},
                       "keyA": {"props": {"policy_allows": ["accT"]}}})
    t.variant("Copy claims key A", "A us-east-1 snapshot cannot be encrypted with an eu-west-2 key.",
              overrides={"snap2": {"props": {"kms_key": "keyA"}}}, exhibits=("kms.cross_region_key",))
    return t


def k18_inspector_macie() -> Template:
    t = Template("security/inspector_macie", "Inspector and Macie",
                 "Inspector assesses EC2 instances: network reachability without an agent, host CVEs and CIS "
                 "benchmarks with one. Macie uses machine learning to find personal data (PII) in chosen S3 buckets "
                 "and alerts through EventBridge (CloudWatch Events) to SNS or Lambda. Today's Inspector (v2) scans "
                 "through the SSM agent, also covers ECR images and Lambda, and sends findings to EventBridge; the "
                 "notes' Inspector Classic reported to SNS, as drawn.",
                 "## Inspector 6741-6763; ## Macie 6765-6774", ["security", "inspector", "macie"],
                 suppress=(("avail.single_instance_spof", "the instance stands for any assessed fleet"),
                           ("avail.single_az", "the instance stands for any assessed fleet")))
    t.layout(
        leaf("fn_role", "iam_role", "response role"),
        region("reg", "us-east-1", vpc(
            "vpc", "app-vpc",
            [az("az_a", "us-east-1a", subnet("priv_a", "private", "10.0.16.0/20", "private",
                                             ec2("ec2", "assessed instance (agent)", ["app_sg"])))],
            plumbing=[sg("app_sg", "app-sg")], cidr="10.0.0.0/16"),
            col(row(leaf("insp", "inspector", "Amazon Inspector"), leaf("sns", "sns_topic", "findings topic"),
                    gap=64),
                row(leaf("macie", "macie", "Amazon Macie"), leaf("eb", "eventbridge", "EventBridge rule"),
                    leaf("fn", "lambda", "response function", role="fn_role"), gap=64),
                leaf("s3", "s3_bucket", "data bucket (PII)"), gap=48)))
    t.only(1, "vpc", "insp")
    t.only(2, "s3", "macie", "eb", "fn")
    t.rel("insp", "ec2", "assessment", only=1)
    t.rel("insp", "sns", "report", only=1)
    t.rel("macie", "s3", "discover PII", only=2)
    t.rel("macie", "eb", "findings", only=2)
    t.rel("eb", "sns", "notify", only=2)
    t.rel("eb", "fn", "respond", only=2)
    t.stage("Inspector", "Inspector checks which ports the instance exposes and, through its agent, which packages "
            "have known vulnerabilities; the report goes to the topic.", passes=("SEC-INS-001",))
    t.stage("Macie", "Macie samples the bucket, finds card numbers and names, and the EventBridge rule alerts the "
            "team and triggers a function that tags the bucket for review.")
    return t


def k4_eventbridge() -> Template:
    t = Template("mon/eventbridge", "EventBridge (CloudWatch Events): buses, rules and targets",
                 "Rules on the default bus (AWS service events, and any API call through CloudTrail), on partner "
                 "buses (SaaS such as Zendesk, Datadog, Auth0) and on custom buses (your applications), plus "
                 "schedules, send JSON events to targets: Lambda, Batch, ECS tasks, SQS, SNS, Kinesis, Step "
                 "Functions, CodePipeline/CodeBuild, SSM, EC2 actions. The schema registry infers the events' "
                 "shapes. The 4-hour schedule is proposed.",
                 "## AWS CloudWatch Events 5740-5753; ## EventBridge Overview 5755-5781",
                 ["monitoring", "eventbridge", "events"],
                 suppress=(("avail.single_instance_spof", "each instance stands for an event source"),
                           ("avail.single_az", "each instance stands for an event source")))
    t.layout(
        col(leaf("saas", "third_party_idp", "SaaS partner (Zendesk)"), leaf("fn_role", "iam_role", "target role"),
            gap=48),
        region("reg", "us-east-1", row(
            col(vpc("vpc", "app-vpc", [az("az_a", "us-east-1a", subnet(
                "priv_a", "private", "10.0.16.0/20", "private", ec2("ec2", "EC2 (state changes)", ["app_sg"]),
                ec2("app", "custom application", ["app_sg"])))], plumbing=[sg("app_sg", "app-sg")],
                cidr="10.0.0.0/16"),
                leaf("cb_src", "codebuild", "CodeBuild (build failures)"), gap=40, align="center"),
            col(leaf("bus_def", "eventbridge", "default bus", bus="default",
                     rules=["EC2 state = stopped -> fn", "rate(4 hours) -> sqs"], targets=["fn", "sqs"]),
                leaf("bus_partner", "eventbridge", "partner event bus", bus="partner", targets=["sns"]),
                leaf("bus_custom", "eventbridge", "custom event bus", bus="custom", targets=["sfn"]), gap=40),
            col(leaf("fn", "lambda", "target Lambda", role="fn_role"), leaf("sqs", "sqs_queue", "target queue"),
                leaf("sns", "sns_topic", "target topic"), leaf("sfn", "step_functions", "target state machine"),
                gap=24), gap=96, align="center")))
    t.rel("ec2", "bus_def", "state change events")
    t.rel("cb_src", "bus_def", "build events")
    t.rel("saas", "bus_partner", "partner events")
    t.rel("app", "bus_custom", "PutEvents")
    t.rel("bus_def", "fn", "rule: instance stopped")
    t.rel("bus_def", "sqs", "schedule rate(4 hours)")
    t.rel("bus_partner", "sns", "rule: new ticket")
    t.rel("bus_custom", "sfn", "rule: order placed")
    t.stage("Three buses, four targets", "A stopped instance invokes the function, a schedule drops a message in "
            "the queue every 4 hours, SaaS tickets reach the topic and the application's own events start a "
            "workflow.")
    return t


def k6_config_remediation() -> Template:
    t = Template("mon/config_remediation", "AWS Config rules with remediation and notifications",
                 "Config records configuration changes per region (history in S3, queryable with Athena) and "
                 "evaluates managed or custom (Lambda) rules. It never blocks a change; it reports it. A "
                 "non-compliant resource can be fixed by an SSM Automation document (here "
                 "AWSConfigRemediation-RevokeUnusedIAMUserCredentials, up to 5 attempts) and reported through "
                 "EventBridge or SNS.",
                 "## AWS Config - Overview, lines 5853-5907", ["monitoring", "config", "compliance", "ssm"],
                 suppress=())
    t.layout(
        col(leaf("keys", "iam_user", "IAM user (access keys > 90 days)"), leaf("ssm_role", "iam_role",
                                                                               "remediation role"), gap=48),
        region("reg", "us-east-1", row(
            col(leaf("config", "aws_config", "AWS Config + rule", rule="access-keys-rotated"),
                leaf("s3", "s3_bucket", "config history"), gap=48),
            col(leaf("ssm", "ssm_automation", "SSM Automation (revoke keys)", retries=5, role="ssm_role"),
                leaf("fn", "lambda", "custom remediation (optional)", role="ssm_role"),
                leaf("eb", "eventbridge", "EventBridge rule"),
                leaf("sns", "sns_topic", "config notifications"), gap=24),
            vpc("vpc", "app-vpc", [], plumbing=[sg("mon_sg", "monitored security group", tcp(22, ANY))],
                cidr="10.0.0.0/16"), gap=96, align="center")))
    t.only(1, "keys", "ssm", "fn", "ssm_role")
    t.only(2, "vpc", "mon_sg", "eb", "sns")
    t.rel("config", "keys", "evaluate: NON_COMPLIANT", only=1)
    t.rel("config", "ssm", "trigger remediation", only=1)
    t.rel("ssm", "keys", "deactivate keys", only=1)
    t.rel("ssm", "fn", "invoke (optional)", only=1)
    t.rel("config", "s3", "configuration snapshots")
    t.rel("config", "mon_sg", "evaluate", only=2)
    t.rel("config", "eb", "compliance change event", only=2)
    t.rel("config", "sns", "all changes", only=2)
    t.stage("Automatic remediation", "The access-keys-rotated rule marks the user's old keys NON_COMPLIANT; SSM "
            "Automation deactivates them, retrying up to 5 times.")
    t.stage("Notifications", "The restricted-ssh rule flags the group that opens SSH to the world; Config does "
            "not close it, but EventBridge and SNS tell the team at once.",
            overrides={"config": {"props": {"rule": "restricted-ssh"}}}, exhibits=("sg.ssh_open_to_world",))
    return t


def k1_cloudwatch_agent() -> Template:
    from build_vpc_templates import dc, route

    t = Template("mon/cloudwatch_agent", "CloudWatch agent: logs and metrics from EC2 and on-premises",
                 "Nothing leaves an EC2 instance by default: the unified CloudWatch agent, on EC2 or on-premises "
                 "servers, pushes log files and system metrics (memory, disk, processes, swap) to CloudWatch, with "
                 "IAM permission (an instance role on EC2; keys or, better, IAM Roles Anywhere on-premises). Log "
                 "groups carry retention (30 days, proposed) and KMS encryption; logs can be exported to S3, "
                 "streamed to OpenSearch (ElasticSearch), or queried with metric filters and Logs Insights. The "
                 "agent's configuration is kept centrally in Parameter Store.",
                 "## AWS CloudWatch Logs 5605-5634; ## CloudWatch Agent & CloudWatch Logs Agent 5636-5672",
                 ["monitoring", "cloudwatch", "logs", "hybrid"],
                 suppress=(("avail.single_instance_spof", "the instance stands for any monitored server"),
                           ("avail.single_az", "the instance stands for any monitored server")))
    t.layout(
        col(dc("dc", "On-premises", ["192.168.0.0/16"], leaf("srv", "on_prem_server", "server with agent")),
            leaf("agent_role", "iam_role", "CloudWatchAgentServerPolicy role"), gap=48),
        region("reg", "us-east-1", vpc(
            "vpc", "app-vpc",
            [az("az_a", "us-east-1a", subnet("pub_a", "public", "10.0.0.0/24", "public",
                                             ec2("ec2", "EC2 with unified agent", ["web_sg"], elastic_ip=True,
                                                 iam_role="agent_role")))],
            plumbing=[leaf("igw", "igw", "IGW"), rt("rt", "public route table", [route(ANY, "igw")], ["pub_a"]),
                      sg("web_sg", "web-sg", tcp(443, ANY))], rows_per_column=3, cidr="10.0.0.0/16"),
            col(leaf("ssm", "ssm_parameter_store", "agent configuration"),
                leaf("cwl", "cloudwatch_logs", "log group /app/web", retention_days=30, kms_key="kms"),
                leaf("cwm", "cloudwatch_metric", "mem_used_percent, disk_used_percent"), gap=40),
            col(leaf("kms", "kms_key", "logs KMS key"), leaf("s3", "s3_bucket", "log archive"),
                leaf("es", "opensearch", "OpenSearch"), gap=40)))
    t.flow("ec2", "cwl", 443, label="log streams")
    t.flow("ec2", "cwm", 443, label="system metrics")
    t.flow("ec2", "ssm", 443, label="read agent config")
    t.flow("srv", "cwl", 443, label="log streams")
    t.flow("srv", "cwm", 443, label="system metrics")
    t.rel("cwl", "s3", "export")
    t.rel("cwl", "es", "subscription")
    t.stage("Logs and metrics in one place", "Both servers ship their logs and memory and disk metrics to "
            "CloudWatch; logs are kept 30 days, encrypted, archived to S3 and searchable in OpenSearch.")
    return t


BUILDERS = [k1_cloudwatch_agent, k4_eventbridge, k6_config_remediation, k13_kms_snapshot_copy, k18_inspector_macie, k14_parameter_store, k19_secrets_manager_rds, d1_region_az, e5_aurora_endpoints, e16_redshift_dr, e8_aurora_global, e13_dax, e15_global_tables, i2_sqs_asg, k2_ec2_recovery, k3_metric_filter, k5_cloudtrail, k15_cloudhsm,
            k17_guardduty]


def main() -> int:
    return run(BUILDERS, OUT, sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
