"""Write templates/containers/*.yaml: the ECS networking lessons of Part J of case-studies.md.

Part J was not reviewed in the spec; checked against AWS before bundling:

* the ECS cluster box holds the services and the container-instance ASG, while instances and tasks sit in the
  private subnets of two AZs (a cluster spans AZs of one VPC);
* with the EC2 launch type and dynamic port mapping the ALB reaches tasks on the instances' ephemeral range
  (32768-65535): the instances' security group admits that range from the ALB's group (the notes' "all
  ports from the ALB SG" also works); the ALB-to-task flows carry the host port in their label only, since
  the port changes with every task;
* Fargate tasks use the awsvpc mode: each has its own ENI and security group, and the ALB targets their IPs.

Run ``/work/venv/bin/python templates/tools/build_container_templates.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_vpc_templates import ANY, ec2, pl_route, region, route, rt, sg, tcp  # noqa: E402
from template_kit import Template, run  # noqa: E402
from vpc_layout import Item, az, box, col, leaf, row, stack, subnet, vpc  # noqa: E402

OUT = Path(__file__).resolve().parents[1]
CERT = "acm:app.example.com"


def _ecs_vpc(priv: tuple[list[Item], list[Item]], cluster: Item, plumbing: list[Item], public: bool,
             span: list[Item] = (), cidrs: tuple[str, str] = ("10.0.16.0/20", "10.0.32.0/20"),
             **vpc_props: object) -> Item:
    def column(x: str, n: int, leaves: list[Item], cidr: str) -> tuple[str, str, str, list[Item]]:
        subnets = [subnet(f"pub_{x}", f"public {x}", f"10.0.{n}.0/24", "public")] if public else []
        subnets.append(subnet(f"priv_{x}", f"private {x}", cidr, "private", *leaves))
        return az(f"az_{x}", f"us-east-1{x}", *subnets)

    tables = [leaf("igw", "igw", "IGW"), rt("rt_pub", "public route table", [route(ANY, "igw")],
                                           ["pub_a", "pub_b"])] if public else []
    return vpc("vpc", "ecs-vpc", [column("a", 0, priv[0], cidrs[0]), column("b", 1, priv[1], cidrs[1])],
               plumbing=[*tables, *plumbing], span=[*span, cluster], cidr="10.0.0.0/16", **vpc_props)


def j1_ecs_ec2() -> Template:
    t = Template("containers/ecs_ec2_launch", "ECS with the EC2 launch type",
                 "An ECS cluster spans AZs in one VPC. Container instances from an Auto Scaling group run the ECS "
                 "agent (in the ECS-optimized AMI) and register with the cluster, which places tasks by their CPU "
                 "and memory needs; you maintain the instances.",
                 "## ECS Overview, lines 4310-4327", ["containers", "ecs", "ec2"], suppress=())
    cluster = box("cluster", "ecs_cluster", "ECS cluster", leaf(
        "asg", "asg", "container-instances ASG", subnets=["priv_a", "priv_b"], min=2, desired=2, max=4,
        security_groups=["ci_sg"], ami_name="ECS-optimized AMI"), launch_types=["EC2"])
    t.layout(region("reg", "us-east-1", _ecs_vpc(
        ([ec2("ci_a", "container instance a", ["ci_sg"], member_of="asg", iam_role_name="ecsInstanceRole"),
          leaf("t1", "ecs_task", "task (Java)", launch_type="EC2", cpu=512, memory=1024),
          leaf("t2", "ecs_task", "task (Node.js)", launch_type="EC2")],
         [ec2("ci_b", "container instance b", ["ci_sg"], member_of="asg", iam_role_name="ecsInstanceRole"),
          leaf("t3", "ecs_task", "task (Java)", launch_type="EC2")]),
        cluster, [sg("ci_sg", "ecs-instance-sg")], public=False)))
    for task, host in (("t1", "ci_a"), ("t2", "ci_a"), ("t3", "ci_b")):
        t.rel(task, host, "runs on")
    t.stage("Tasks on container instances", "ECS placed two tasks on instance a and one on instance b, where their "
            "CPU and memory fit.", passes=("CTR-ECS-001",))
    t.variant("EC2 launch type without instances", "With no registered container instances the tasks cannot be "
              "placed.", hide=("asg", "ci_a", "ci_b"), exhibits=("CTR-ECS-001",))
    return t


def j2_fargate() -> Template:
    t = Template("containers/ecs_fargate_launch", "ECS with the Fargate launch type",
                 "No instances to manage: each Fargate task gets its own network interface with a private IP in the "
                 "VPC, so the subnets need enough free addresses for the largest task count.",
                 "## ECS Overview: Fargate, lines 4329-4347", ["containers", "ecs", "fargate"], suppress=())
    cluster = box("cluster", "ecs_cluster", "Fargate cluster", leaf(
        "svc", "ecs_service", "service (Fargate)", launch_type="FARGATE", desired=3, subnets=["priv_a", "priv_b"],
        security_groups=["task_sg"]), launch_types=["FARGATE"])
    t.layout(region("reg", "us-east-1", _ecs_vpc(
        ([leaf(f"f{n}", "fargate_task", f"task {n}", private_ip=f"10.0.16.2{n}", security_groups=["task_sg"])
          for n in (1, 2)],
         [leaf("f3", "fargate_task", "task 3", private_ip="10.0.32.21", security_groups=["task_sg"])]),
        cluster, [sg("task_sg", "task-eni-sg")], public=False)))
    t.stage("Three tasks, three ENIs", "Each task is an ENI in a private subnet; a /20 has room for thousands.",
            passes=("CTR-FG-001",))
    t.variant("Tiny subnets", "A /28 has 11 usable addresses: 30 tasks cannot fit in two of them.",
              overrides={"priv_a": {"props": {"cidr": "10.0.16.0/28"}}, "priv_b": {"props": {"cidr": "10.0.32.0/28"}},
                         "svc": {"props": {"desired": 30}}, "f1": {"props": {"private_ip": "10.0.16.6"}},
                         "f2": {"props": {"private_ip": "10.0.16.7"}}, "f3": {"props": {"private_ip": "10.0.32.6"}}},
              exhibits=("CTR-FG-001",))
    return t


def j5_dynamic_ports() -> Template:
    t = Template("containers/ecs_alb_dynamic_ports", "ECS service behind an ALB (dynamic port mapping)",
                 "A service runs its tasks across container instances; the ALB learns each task's random host port "
                 "(dynamic port mapping) and exposes them on 443, so several copies of one container can share an "
                 "instance. The instances' security group must admit the ephemeral port range from the ALB's group.",
                 "## ECS Services and Tasks, Load Balancing, lines 4381-4402", ["containers", "ecs", "alb"],
                 suppress=())
    tasks = {"a1": ("ci1", 32768), "a2": ("ci1", 32769), "a3": ("ci2", 32768), "a4": ("ci2", 32770)}
    cluster = box("cluster", "ecs_cluster", "ECS cluster",
                  leaf("svcA", "ecs_service", "service A (4 tasks)", launch_type="EC2", desired=4),
                  leaf("asg", "asg", "container instances", subnets=["priv_a", "priv_b"], min=2, desired=2, max=4,
                       security_groups=["ci_sg"]), launch_types=["EC2"])

    def task(tid: str) -> Item:
        return leaf(tid, "ecs_task", f"A task (host port {tasks[tid][1]})", launch_type="EC2", service="svcA",
                    host_port=tasks[tid][1])

    t.layout(
        leaf("users", "user", "Users"),
        region("reg", "us-east-1", _ecs_vpc(
            ([ec2("ci1", "container instance 1", ["ci_sg"], member_of="asg"), task("a1"), task("a2")],
             [ec2("ci2", "container instance 2", ["ci_sg"], member_of="asg"), task("a3"), task("a4")]),
            cluster, [sg("alb_sg", "alb-sg", tcp(443, ANY)), sg("ci_sg", "ecs-instance-sg", tcp("32768-65535",
                                                                                             sg="alb_sg"))],
            public=True,
            span=[leaf("alb", "alb", "ALB", subnets=["pub_a", "pub_b"], security_groups=["alb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT}], targets=["svcA"])])))
    t.flow("users", "alb", 443, label="HTTPS")
    for tid, (_, port) in tasks.items():
        t.flow("alb", tid, None, label=f"host port {port}")
    t.stage("Four tasks on two instances", "The ALB sends each request to a task's host port; ecs-instance-sg "
            "admits 32768-65535 from alb-sg only.", passes=("containers.dynamic_port_sg", "sg.all_ports_open"))
    t.variant("Instances admit only port 80", "The ALB cannot reach the tasks on their dynamic host ports.",
              overrides={"ci_sg": {"props": {"inbound": [tcp(80, sg="alb_sg")]}}},
              exhibits=("containers.dynamic_port_sg",))
    return t


def j6_fargate_alb() -> Template:
    t = Template("containers/fargate_alb", "Fargate tasks behind an ALB",
                 "Each Fargate task has its own ENI IP, all on the same port (80). The ALB targets those IPs, and "
                 "the tasks' security group admits the task port from the ALB's group.",
                 "## ECS Services and Tasks, Load Balancing: Load Balancing for Fargate, lines 4404-4410",
                 ["containers", "fargate", "alb"], suppress=())
    cluster = box("cluster", "ecs_cluster", "Fargate cluster", leaf(
        "svc", "ecs_service", "web service (Fargate)", launch_type="FARGATE", desired=3, container_port=80,
        subnets=["priv_a", "priv_b"], security_groups=["task_sg"]), launch_types=["FARGATE"])
    t.layout(
        leaf("users", "user", "Users"),
        region("reg", "us-east-1", _ecs_vpc(
            ([leaf(f"f{n}", "fargate_task", f"task {n} (10.0.16.2{n}:80)", private_ip=f"10.0.16.2{n}",
                   security_groups=["task_sg"], service="svc") for n in (1, 2)],
             [leaf("f3", "fargate_task", "task 3 (10.0.32.21:80)", private_ip="10.0.32.21",
                   security_groups=["task_sg"], service="svc")]),
            cluster, [sg("alb_sg", "alb-sg", tcp(443, ANY)), sg("task_sg", "task-eni-sg", tcp(80, sg="alb_sg"))],
            public=True,
            span=[leaf("alb", "alb", "ALB (target type ip)", subnets=["pub_a", "pub_b"], security_groups=["alb_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT, "target_group": "tg"}]),
                  leaf("tg", "target_group", "IP target group", target_type="ip", port=80,
                       targets=["f1", "f2", "f3"])])))
    t.flow("users", "alb", 443, label="HTTPS")
    for n in (1, 2, 3):
        t.flow("alb", f"f{n}", 80)
    t.stage("Three tasks behind one ALB", "The ALB forwards to each task's own IP on port 80, admitted by "
            "task-eni-sg from alb-sg.")
    t.variant("Task SG without the task port", "The ALB's health checks and requests time out.",
              overrides={"task_sg": {"props": {"inbound": [tcp(8080, sg="alb_sg")]}}},
              exhibits=("CTR-LB-002", "REACH-FLOW-001"))
    return t


def j11_eks() -> Template:
    t = Template("containers/eks", "EKS worker nodes across AZs",
                 "Managed Kubernetes, for teams already on Kubernetes: worker nodes (EC2 in a node group, or "
                 "Fargate) in the private subnets of three AZs run the pods, exposed through a public or a private "
                 "load balancer.",
                 "## EKS Overview, lines 4492-4515", ["containers", "eks", "kubernetes"], suppress=())
    letters = "abc"
    cluster = box("cluster", "eks_cluster", "EKS cluster (control plane)", version="1.30")
    group = leaf("asg", "asg", "node group", subnets=[f"priv_{x}" for x in letters], min=3, desired=3, max=6,
                 security_groups=["node_sg"], eks_cluster="cluster", health_check_type="ELB",
                 load_balancers=["lb_pub", "lb_priv"])
    azs = [az(f"az_{x}", f"us-east-1{x}",
              subnet(f"pub_{x}", f"public {x}", f"10.0.{n}.0/24", "public"),
              subnet(f"priv_{x}", f"private {x}", f"10.0.{16 * (n + 1)}.0/20", "private",
                     leaf(f"n_{x}", "eks_node", f"worker node {x}", member_of="asg", security_groups=["node_sg"]),
                     leaf(f"p{n + 1}", "eks_pod", "pod", node=f"n_{x}", security_groups=["node_sg"])))
           for n, x in enumerate(letters)]
    t.layout(
        leaf("users", "user", "Users"),
        region("reg", "us-east-1", vpc(
            "vpc", "eks-vpc", azs,
            plumbing=[leaf("igw", "igw", "IGW"),
                      rt("rt_pub", "public route table", [route(ANY, "igw")], [f"pub_{x}" for x in letters]),
                      sg("node_sg", "node-sg", tcp(443, ANY), tcp(8080, sg="lb_priv_sg")),
                      sg("lb_priv_sg", "internal-lb-sg", tcp(443, "10.0.0.0/16"))],
            span=[leaf("lb_pub", "nlb", "public service LB", subnets=[f"pub_{x}" for x in letters],
                       listeners=[{"protocol": "TCP", "port": 443}], targets=["n_a", "n_b", "n_c"],
                       preserve_client_ip=True),
                  leaf("lb_priv", "alb", "private service LB", scheme="internal",
                       subnets=[f"priv_{x}" for x in letters], security_groups=["lb_priv_sg"],
                       listeners=[{"protocol": "HTTPS", "port": 443, "certificate": CERT}],
                       targets=["n_a", "n_b", "n_c"], target_port=8080),
                  group, cluster],
            cidr="10.0.0.0/16")))
    t.flow("users", "lb_pub", 443, label="HTTPS (TLS passthrough)")
    for n, x in enumerate(letters, start=1):
        t.flow("lb_pub", f"n_{x}", 443)
        t.flow("lb_priv", f"n_{x}", 8080)
        t.rel(f"p{n}", f"n_{x}", "runs on")
    t.stage("Nodes in three AZs", "The node group keeps a worker in each AZ; pods are reached through the public "
            "NLB (TCP 443) or the internal ALB (8080).")
    return t


def j3_ecs_roles() -> Template:
    t = Template("containers/ecs_iam_roles", "IAM roles for ECS: instance profile vs task roles",
                 "The container instance's profile serves the ECS agent (registering, pulling images from ECR, "
                 "sending logs). Each task definition has its own task role, task A for S3 and task B for DynamoDB, "
                 "so every task gets only the permissions it needs. (The agent's AWS endpoints are reached through a "
                 "NAT gateway here; VPC endpoints would do as well.)",
                 "## ECS Overview: IAM Roles for ECS Tasks, lines 4349-4367", ["containers", "ecs", "iam"],
                 suppress=(("avail.single_instance_spof", "one container instance keeps the picture small"),
                           ("avail.single_az", "one container instance keeps the picture small")))
    cluster = box("cluster", "ecs_cluster", "ECS cluster",
                  leaf("ta", "ecs_service", "task A", launch_type="EC2", task_role="role_a"),
                  leaf("tb", "ecs_service", "task B", launch_type="EC2", task_role="role_b"),
                  leaf("asg", "asg", "container instances", subnets=["priv_a"], min=1, desired=1, max=2,
                       security_groups=["ci_sg"]), launch_types=["EC2"])
    t.layout(
        col(leaf("instance_role", "iam_role", "ecsInstanceRole"), leaf("role_a", "iam_role", "taskA-role (S3)"),
            leaf("role_b", "iam_role", "taskB-role (DynamoDB)"), gap=40),
        region("reg", "us-east-1", vpc(
            "vpc", "ecs-vpc",
            [az("az_a", "us-east-1a",
                subnet("pub_a", "public a", "10.0.0.0/24", "public",
                       leaf("natgw", "nat_gateway", "NAT gateway", elastic_ip=True)),
                subnet("priv_a", "private a", "10.0.16.0/20", "private",
                       ec2("ci", "container instance (ECS agent)", ["ci_sg"], iam_role="instance_role",
                           member_of="asg")))],
            plumbing=[leaf("igw", "igw", "IGW"),
                      rt("rt_pub", "public route table", [route(ANY, "igw")], ["pub_a"]),
                      rt("rt_priv", "private route table", [route(ANY, "natgw")], ["priv_a"]),
                      sg("ci_sg", "ecs-instance-sg")],
            span=[cluster], cidr="10.0.0.0/16"),
            col(leaf("ecr", "ecr_repo", "ECR"), leaf("cwl", "cloudwatch_logs", "CloudWatch Logs"),
                leaf("s3", "s3_bucket", "bucket"), leaf("ddb", "dynamodb_table", "table"), gap=32)))
    t.flow("ci", "ecr", 443, label="pull image (instance profile)")
    t.flow("ci", "cwl", 443, label="send logs (instance profile)")
    t.flow("ta", "s3", None, label="task role A")
    t.flow("tb", "ddb", None, label="task role B")
    t.rel("ta", "ci", "runs on")
    t.rel("tb", "ci", "runs on")
    t.stage("One instance, two task roles", "The agent uses the instance profile; task A can reach only S3 and "
            "task B only DynamoDB, whatever instance they land on.")
    return t


def j4_ecs_efs() -> Template:
    t = Template("containers/ecs_efs", "ECS tasks sharing EFS",
                 "Tasks on EC2 or Fargate in any AZ mount one EFS file system for persistent, shared, multi-AZ "
                 "storage; Fargate with EFS gives storage with no servers to run. Each AZ gets a mount target whose "
                 "security group admits NFS from the tasks.",
                 "## ECS Overview: ECS Data Volumes - EFS File Systems, lines 4369-4377", ["containers", "ecs", "efs"],
                 suppress=(("avail.single_instance_spof", "one container instance keeps the picture small"),
                           ("avail.single_az", "one container instance keeps the picture small")))
    cluster = box("cluster", "ecs_cluster", "ECS cluster",
                  leaf("svc_ec2", "ecs_service", "service on EC2", launch_type="EC2", desired=2),
                  leaf("svc_fg", "ecs_service", "service on Fargate", launch_type="FARGATE", desired=1,
                       subnets=["priv_b"], security_groups=["task_sg"]),
                  leaf("asg", "asg", "container instances", subnets=["priv_a"], min=1, desired=1, max=2,
                       security_groups=["task_sg"]), launch_types=["EC2", "FARGATE"])
    t.layout(region("reg", "us-east-1", _ecs_vpc(
        ([ec2("ci", "container instance", ["task_sg"], member_of="asg"),
          leaf("t1", "ecs_task", "task on EC2", launch_type="EC2", service="svc_ec2"),
          leaf("mt_a", "efs_mount_target", "mount target a", efs="efs", security_groups=["efs_sg"])],
         [leaf("f1", "fargate_task", "Fargate task", security_groups=["task_sg"], service="svc_fg"),
          leaf("mt_b", "efs_mount_target", "mount target b", efs="efs", security_groups=["efs_sg"])]),
        cluster, [sg("task_sg", "task-sg"), sg("efs_sg", "efs-sg", tcp(2049, sg="task_sg"))], public=False,
        span=[leaf("efs", "efs", "shared EFS", security_groups=["efs_sg"], encrypted=True)])))
    t.rel("t1", "ci", "runs on")
    t.flow("ci", "mt_a", 2049, label="NFS (task volume)")
    t.flow("f1", "mt_b", 2049, label="NFS")
    t.rel("mt_a", "efs", "same file system")
    t.rel("mt_b", "efs", "same file system")
    t.stage("Shared files for EC2 and Fargate tasks", "Both tasks mount the same file system through the mount "
            "target of their AZ; efs-sg admits NFS only from task-sg.", passes=("storage.efs_sg_blocks_nfs",))
    t.variant("efs-sg without NFS", "Mounting times out until efs-sg admits TCP 2049 from the tasks.",
              overrides={"efs_sg": {"props": {"inbound": []}}}, exhibits=("storage.efs_sg_blocks_nfs",))
    return t


def j12_reference_webapp() -> Template:
    t = Template("serverless/reference_webapp", "Serverless reference web app",
                 "The canonical serverless shape: static content from a private S3 bucket through CloudFront (origin "
                 "access control), sign-in with a Cognito user pool, and a REST API in API Gateway that invokes "
                 "Lambda, which stores and reads items in DynamoDB. Nothing to patch or scale by hand.",
                 "## Serverless Introduction, lines 4519-4548", ["serverless", "api-gateway", "lambda", "dynamodb"],
                 suppress=())
    t.layout(
        col(leaf("users", "user", "Users"), leaf("fn_role", "iam_role", "function role (DynamoDB)"), gap=48),
        box("edge", "edge_network", "CloudFront edge locations",
            leaf("cf", "cloudfront", "distribution", origins=[{"target": "s3", "oac": True}], https_only=True),
            flow="col"),
        region("reg", "us-east-1", col(
            leaf("s3", "s3_bucket", "static website (private)", block_public_access=True,
                 bucket_policy="allow s3:GetObject to the distribution (OAC)"),
            leaf("cognito", "cognito_user_pool", "Cognito user pool"),
            row(leaf("api", "api_gateway", "REST API", authorizer="cognito", public_api=True),
                leaf("fn", "lambda", "function", role="fn_role"),
                leaf("ddb", "dynamodb_table", "table"), gap=80), gap=40, align="center")))
    t.flow("users", "cf", 443, label="static content")
    t.rel("cf", "s3", "origin fetch (OAC)")
    t.flow("users", "cognito", 443, label="sign in")
    t.flow("users", "api", 443, label="REST + token")
    t.rel("api", "cognito", "checks the token")
    t.flow("api", "fn", 443, label="invoke")
    t.flow("fn", "ddb", 443, label="store / retrieve")
    t.stage("Static site, sign-in, API", "The browser loads the site from CloudFront, signs in with Cognito and "
            "calls the API with the token; API Gateway checks it before invoking the function.")
    return t


def j13_lambda_thumbnail() -> Template:
    t = Template("serverless/lambda_thumbnail", "Serverless thumbnail creation",
                 "An image uploaded to S3 triggers a Lambda function, which writes a thumbnail to a second bucket "
                 "and the image's metadata (name, size, date) to DynamoDB: fully event-driven, nothing runs between "
                 "uploads. Writing the thumbnail into the source bucket would trigger the function again, forever. "
                 "The 1,024 MB of memory is proposed.",
                 "## Lambda Overview: Serverless Thumbnail creation, lines 4592-4597",
                 ["serverless", "lambda", "s3", "events"], suppress=())
    t.layout(
        col(leaf("user", "user", "uploader"), leaf("fn_role", "iam_role", "thumbnail role"), gap=48),
        region("reg", "us-east-1", row(
            leaf("src", "s3_bucket", "images", notifications=[
                {"events": ["s3:ObjectCreated:*"], "prefix": "", "target": "fn"}]),
            leaf("fn", "lambda", "thumbnail creator", memory_mb=1024, timeout_s=30, role="fn_role",
                 invoke_allowed=["src"]),
            col(leaf("thumbs", "s3_bucket", "thumbnails"), leaf("ddb", "dynamodb_table", "image metadata"), gap=48),
            gap=96, align="center")))
    t.flow("user", "src", 443, label="upload")
    t.rel("src", "fn", "ObjectCreated trigger")
    t.flow("fn", "thumbs", 443, label="push thumbnail")
    t.flow("fn", "ddb", 443, label="push metadata")
    t.stage("Upload, trigger, resize", "Each upload invokes the function once; the thumbnail goes to its own bucket, "
            "so the function never triggers itself.", passes=("event.s3_recursion",))
    t.variant("Thumbnails written back into the source bucket", "Every thumbnail is a new upload that triggers the "
              "function again: an endless, costly loop.",
              overrides={"fn-thumbs:443": {"to": "src", "label": "push thumbnail (same bucket)"}},
              exhibits=("event.s3_recursion",))
    return t


def j14_cron() -> Template:
    t = Template("serverless/cron", "Serverless CRON job",
                 "A scheduled EventBridge (CloudWatch Events) rule, here rate(1 hour), invokes a Lambda function: "
                 "no EC2 instance kept running just to host a cron script.",
                 "## Lambda Overview: Serverless CRON job, lines 4599-4606", ["serverless", "lambda", "eventbridge"],
                 suppress=())
    t.layout(region("reg", "us-east-1", row(
        leaf("eb", "eventbridge", "schedule rule rate(1 hour)", schedule="rate(1 hour)", targets=["fn"]),
        leaf("fn", "lambda", "scheduled task", invoke_allowed=["eb"]), gap=120)))
    t.rel("eb", "fn", "trigger every hour")
    t.stage("Scheduled function", "Every hour the rule invokes the function; between runs nothing is billed.")
    return t


def _private_endpoints(services: list[str]) -> list[Item]:
    """Interface endpoints (private DNS) in private subnet a, for tasks without a NAT."""
    return [leaf(f"ep_{s.replace('.', '_')}", "vpc_endpoint_interface", f"{s} endpoint", service=s,
                 subnets=["priv_a", "priv_b"], security_groups=["ep_sg"], private_dns=True) for s in services]


def j7_eventbridge_task() -> Template:
    t = Template("containers/ecs_eventbridge_s3", "ECS task triggered by EventBridge on S3 upload",
                 "An upload to S3 emits an event (EventBridge notifications on); a rule runs a Fargate task whose "
                 "task role may read the object and write its metadata to DynamoDB. The task sits in a private "
                 "subnet and reaches S3 and DynamoDB through gateway endpoints; pulling its image would also need "
                 "ECR endpoints or a NAT (left out, see containers/ecr_pipeline).",
                 "## ECS Services and Tasks, Load Balancing: ECS tasks invoked by Event Bridge, lines 4412-4420",
                 ["containers", "ecs", "fargate", "eventbridge", "s3"], suppress=())
    cluster = box("cluster", "ecs_cluster", "Fargate cluster", launch_types=["FARGATE"], min_w=160)
    t.layout(
        col(leaf("user", "user", "uploader"), leaf("task_role", "iam_role", "task role (S3 read, DynamoDB put)"),
            gap=48),
        region("reg", "us-east-1", _ecs_vpc(
            ([leaf("task", "fargate_task", "processor task", security_groups=["task_sg"], task_role="task_role")],
             []),
            cluster, [rt("rt_priv", "private route table", [pl_route("s3", "gwe_s3"), pl_route("dynamodb", "gwe_ddb")],
                         ["priv_a", "priv_b"]),
                      leaf("gwe_s3", "vpc_endpoint_gateway", "S3 gateway endpoint", service="s3",
                           route_tables=["rt_priv"]),
                      leaf("gwe_ddb", "vpc_endpoint_gateway", "DynamoDB gateway endpoint", service="dynamodb",
                           route_tables=["rt_priv"]),
                      sg("task_sg", "task-sg")], public=False),
            col(leaf("s3", "s3_bucket", "uploads", eventbridge_notifications=True),
                leaf("eb", "eventbridge", "rule: Object Created", targets=["task"], target_action="ecs:RunTask"),
                leaf("ddb", "dynamodb_table", "metadata"), gap=48)))
    t.flow("user", "s3", 443, label="upload")
    t.rel("s3", "eb", "event")
    t.rel("eb", "task", "RunTask")
    t.flow("task", "s3", 443, label="get object")
    t.flow("task", "ddb", 443, label="save metadata")
    t.stage("Event-driven container", "Each upload starts one task, which reads the new object and records its "
            "metadata, then stops: no service running between uploads.")
    return t


def j10_ecr_pipeline() -> Template:
    t = Template("containers/ecr_pipeline", "ECR image pipeline",
                 "Images are pushed to an ECR repository (stored in S3, with scanning, versions and lifecycle "
                 "rules) by hand with docker push or by CodeBuild, which then triggers an ECS update. Container "
                 "instances pull the images with their instance role. In private subnets without a NAT the pull "
                 "goes through the ECR API and Docker interface endpoints plus the S3 gateway endpoint, where the "
                 "image layers live: a detail the notes leave out.",
                 "## ECR Overview, lines 4477-4490", ["containers", "ecr", "ecs", "ci-cd"], suppress=())
    cluster = box("cluster", "ecs_cluster", "ECS cluster",
                  leaf("asg", "asg", "container instances", subnets=["priv_a", "priv_b"], min=2, desired=2, max=4,
                       security_groups=["ci_sg"]), launch_types=["EC2"])
    t.layout(
        col(leaf("dev", "admin", "developer (docker push)"), leaf("ci_role", "iam_role", "instance role (ECR pull)"),
            gap=48),
        region("reg", "us-east-1", _ecs_vpc(
            ([ec2("ci_a", "container instance a", ["ci_sg"], member_of="asg", iam_role="ci_role"),
              leaf("task", "ecs_task", "task", launch_type="EC2"), *_private_endpoints(["ecr.api", "ecr.dkr"])],
             [ec2("ci_b", "container instance b", ["ci_sg"], member_of="asg", iam_role="ci_role")]),
            cluster, [rt("rt_priv", "private route table", [pl_route("s3", "gwe_s3")], ["priv_a", "priv_b"]),
                      leaf("gwe_s3", "vpc_endpoint_gateway", "S3 gateway endpoint", service="s3",
                           route_tables=["rt_priv"]),
                      sg("ci_sg", "ecs-instance-sg"), sg("ep_sg", "endpoint-sg", tcp(443, "10.0.0.0/16"))],
            public=False, enable_dns_hostnames=True),
            col(leaf("cb", "codebuild", "CodeBuild (CI/CD)"), leaf("ecr", "ecr_repo", "ECR repository",
                                                                   scan_on_push=True), gap=48)))
    t.rel("dev", "ecr", "docker push")
    t.rel("cb", "ecr", "build + push, then update ECS")
    t.rel("ci_a", "ecr", "pull via the endpoints")
    t.rel("ci_b", "ecr", "pull via the endpoints")
    t.rel("task", "ci_a", "runs on")
    t.stage("Build, push, pull", "CodeBuild pushes a scanned image; the instances pull it privately through the "
            "endpoints and ECS starts the new tasks.")
    return t


def j16_api_gateway_security() -> Template:
    t = Template("serverless/api_gateway_security", "API Gateway security: IAM, Lambda authorizer, Cognito user pool",
                 "IAM: requests signed with SigV4 are checked against IAM policies, for callers that already have "
                 "AWS credentials; it authenticates and authorises. Lambda authorizer: a function validates a "
                 "third-party token (OAuth, SAML) and returns an IAM policy, cached for a while (300 s, proposed). "
                 "Cognito user pool: the client signs in to Cognito and API Gateway validates its token; that only "
                 "authenticates, so the backend must decide what the user may do.",
                 "## API Gateway Security, lines 4852-4920", ["serverless", "api-gateway", "security", "cognito"],
                 suppress=())
    t.layout(
        col(leaf("client", "user", "client"), leaf("idp", "third_party_idp", "3rd-party auth (OAuth)"),
            leaf("iam", "iam", "IAM (policy check)"), gap=48),
        region("reg", "us-east-1", row(
            col(stack(leaf("cup", "cognito_user_pool", "Cognito user pool"),
                      leaf("svc", "lambda", "internal service (IAM role)", role="fn_role")),
                leaf("api", "api_gateway", "REST API", authorizer="iam", public_api=True),
                leaf("authz", "lambda", "Lambda authorizer", role="fn_role", cache_ttl_s=300), gap=48),
            leaf("backend", "lambda", "backend", role="fn_role"), gap=96, align="center")),
        leaf("fn_role", "iam_role", "function role"))
    t.only(1, "iam", "svc")
    t.only((2, 3), "client")
    t.only(2, "idp", "authz")
    t.only(3, "cup")
    t.flow("svc", "api", 443, label="REST + SigV4", only=1, edge_id="svc-api#sigv4")
    t.rel("api", "iam", "policy check", only=1)
    t.rel("client", "idp", "obtain a token", only=2)
    t.flow("client", "api", 443, label="REST + token", only=2, edge_id="client-api#token")
    t.rel("api", "authz", "token -> IAM policy (cached)", only=2)
    t.flow("client", "cup", 443, label="sign in -> token", only=3)
    t.flow("client", "api", 443, label="REST + Cognito token", only=3, edge_id="client-api#cognito")
    t.rel("api", "cup", "validate the token", only=3)
    t.flow("api", "backend", 443, label="forward")
    t.stage("IAM authorization", "An internal service signs each request with its role's credentials; API "
            "Gateway checks the signature and the IAM policy before the backend runs.",
            passes=("SLS-APIGW-003",))
    t.stage("Lambda authorizer", "The client brings an OAuth token from its provider; the authorizer validates it "
            "and returns a policy that API Gateway caches for five minutes.",
            overrides={"api": {"props": {"authorizer": "lambda"}}})
    t.stage("Cognito user pool", "The client signs in to the user pool and sends its token; API Gateway checks it, "
            "and the backend decides what this user may do.",
            overrides={"api": {"props": {"authorizer": "cognito"}}, "backend": {"label": "backend (authorises)"}})
    t.variant("IAM authorization for outside clients", "Users outside AWS hold no credentials to sign with: IAM "
              "authorization suits AWS principals, not the public.", stage=2,
              overrides={"api": {"props": {"authorizer": "iam"}}}, exhibits=("SLS-APIGW-003",))
    return t


def j17_cognito_pools() -> Template:
    t = Template("identity/cognito_pools", "Cognito user pools and identity pools",
                 "A user pool is a serverless user directory (user name or email and password, MFA, sign-in with "
                 "Facebook, Google or SAML) that returns JSON Web Tokens and plugs into API Gateway. An identity "
                 "pool trades a login (or a guest visit) for temporary AWS credentials from STS under a predefined "
                 "IAM role, so the app reaches AWS resources such as S3 directly. Cognito Sync is deprecated in "
                 "favour of AppSync.",
                 "## AWS Cognito Overview, lines 4922-4986", ["identity", "cognito", "sts", "mobile"], suppress=())
    t.layout(
        col(leaf("app", "mobile_client", "mobile app"), leaf("idp", "third_party_idp", "identity provider (Google)"),
            gap=64),
        box("global", "global", "AWS global services", leaf("sts", "sts", "STS"),
            leaf("auth_role", "iam_role", "authenticated role (own S3 prefix)"), flow="col"),
        region("reg", "us-east-1", col(
            leaf("cup", "cognito_user_pool", "user pool (MFA, social sign-in)", mfa="optional"),
            leaf("cip", "cognito_identity_pool", "identity pool", authenticated_role="auth_role",
                 guest_access=False),
            leaf("s3", "s3_bucket", "user bucket"), gap=48)), gap=80)
    t.only(1, "cup")
    t.only(2, "idp", "sts", "auth_role", "cip", "s3")
    t.flow("app", "cup", 443, label="sign in -> JWT", only=1)
    t.rel("app", "idp", "sign in -> token", only=2)
    t.flow("app", "cip", 443, label="exchange the token", only=2)
    t.rel("cip", "idp", "verify the token", only=2)
    t.rel("cip", "sts", "AssumeRoleWithWebIdentity", only=2)
    t.rel("cip", "app", "temporary credentials", only=2)
    t.flow("app", "s3", 443, label="PutObject under its own prefix", only=2)
    t.stage("User pool sign-in", "The app signs the user in against the pool (with MFA if enabled) and gets tokens "
            "it sends to its API.")
    t.stage("Identity pool to AWS credentials", "The app trades its Google token for short-lived AWS credentials "
            "whose role lets it write only under the user's own prefix in the bucket.",
            passes=("sec.long_term_credentials_on_client",))
    return t


def j9_rolling_update() -> Template:
    t = Template("containers/ecs_rolling_update", "ECS rolling updates",
                 "When a service moves from v1 to v2, the minimum healthy percent and the maximum percent decide how "
                 "many v1 tasks may stop and how many v2 tasks may start at a time. With 4 tasks at 50%/100%: stop "
                 "2 v1, start 2 v2, repeat (capacity dips to half). At 100%/150%: start 2 v2 (6 tasks), stop 2 v1, "
                 "repeat (capacity never dips, extra room needed). Each stage shows the middle of the update; the "
                 "tasks run on Fargate in two private subnets.",
                 "## ECS Rolling Updates, lines 4441-4475", ["containers", "ecs", "deployment"], suppress=())
    cluster = box("cluster", "ecs_cluster", "ECS cluster", leaf(
        "svc", "ecs_service", "service (desired 4)", launch_type="FARGATE", desired=4, min_healthy_pct=50,
        max_pct=100, subnets=["priv_a", "priv_b"], security_groups=["task_sg"]), launch_types=["FARGATE"])

    def task(tid: str, label: str) -> Item:
        return leaf(tid, "fargate_task", label, service="svc", security_groups=["task_sg"])

    t.layout(region("reg", "us-east-1", _ecs_vpc(
        ([task("v1a", "v1 task a"), task("v1b", "v1 task b"), task("v2a", "v2 task a")],
         [task("v1c", "v1 task c"), task("v1d", "v1 task d"), task("v2b", "v2 task b")]),
        cluster, [sg("task_sg", "task-sg")], public=False)))
    t.only(2, "v1a", "v1b")
    for tid in ("v1a", "v1b", "v1c", "v1d", "v2a", "v2b"):
        t.rel("svc", tid, "v2 (new)" if tid.startswith("v2") else "v1", only=(2,) if tid in ("v1a", "v1b") else None)
    t.stage("Min 50%, max 100%", "Two v1 tasks have stopped and two v2 tasks have started in their place: never "
            "more than 4 tasks, but only 2 serve while the new ones start.", passes=("containers.rolling_update_stuck",))
    t.stage("Min 100%, max 150%", "Two v2 tasks start next to the four v1 tasks (6 = 150%); once healthy, two v1 "
            "tasks stop. Capacity never drops, at the price of room for two extra tasks.",
            overrides={"svc": {"props": {"min_healthy_pct": 100, "max_pct": 150}}},
            passes=("containers.rolling_update_stuck",))
    t.variant("Min 100%, max 100%", "No task may stop and none may be added: the deployment cannot make progress.",
              stage=2, overrides={"svc": {"props": {"max_pct": 100}}}, exhibits=("containers.rolling_update_stuck",))
    return t


def j8_ecs_scaling() -> Template:
    t = Template("containers/ecs_scaling", "ECS service auto scaling (CPU, SQS) with a capacity provider",
                 "ECS scales at two levels. Service auto scaling adds tasks when a CloudWatch alarm fires (average "
                 "service CPU, or the length of the queue the tasks consume). With the EC2 launch type an ECS "
                 "capacity provider then grows the Auto Scaling group of container instances when a new task has "
                 "no room; Fargate needs only the first level. Thresholds are proposed; the instances reach SQS "
                 "through an interface endpoint.",
                 "## ECS Scaling, lines 4422-4439", ["containers", "ecs", "scaling", "sqs"],
                 suppress=(("MSG-SQS-006", "dead-letter queues are the lesson of msg/sqs_dlq"),))
    cluster = box("cluster", "ecs_cluster", "ECS cluster (EC2 launch type)",
                  leaf("svc", "ecs_service", "service A (2 -> 3 tasks)", launch_type="EC2", desired=3,
                       autoscaling=True, capacity_provider="cp-asg"),
                  leaf("asg", "asg", "instances ASG (capacity)", subnets=["priv_a", "priv_b"], min=2,
                       desired=2, max=6, security_groups=["ci_sg"],
                       scaling_policy="ECS capacity provider: managed scaling on SQS backlog and CPU reservation"),
                  launch_types=["EC2"], capacity_providers=["cp-asg"])
    t.layout(
        leaf("ci_role", "iam_role", "instance and task role (SQS)"),
        region("reg", "us-east-1", _ecs_vpc(
            ([ec2("ci_a", "container instance a", ["ci_sg"], member_of="asg", iam_role="ci_role"),
              leaf("t1", "ecs_task", "task 1", launch_type="EC2", service="svc"),
              leaf("t3", "ecs_task", "task 3 (new)", launch_type="EC2", service="svc"),
              *_private_endpoints(["sqs"])],
             [ec2("ci_b", "container instance b", ["ci_sg"], member_of="asg", iam_role="ci_role"),
              leaf("t2", "ecs_task", "task 2", launch_type="EC2", service="svc")]),
            cluster, [sg("ci_sg", "ecs-instance-sg"), sg("ep_sg", "endpoint-sg", tcp(443, "10.0.0.0/16"))],
            public=False, enable_dns_hostnames=True),
            col(leaf("q", "sqs_queue", "work queue"),
                leaf("metric", "cloudwatch_metric", "service CPU", metric="CPUUtilization"),
                leaf("alarm", "cloudwatch_alarm", "scale-out alarm", threshold="CPU > 70%"), gap=40)))
    t.only(2, "q")
    for task, host in (("t1", "ci_a"), ("t3", "ci_a"), ("t2", "ci_b")):
        t.rel(task, host, "runs on")
    t.rel("svc", "metric", "average CPU", only=1)
    t.rel("q", "metric", "queue length", only=2)
    t.flow("ci_a", "q", 443, label="tasks poll", access="read", only=2)
    t.flow("ci_b", "q", 443, label="tasks poll", access="read", only=2)
    t.rel("metric", "alarm", "evaluate")
    t.rel("alarm", "svc", "service auto scaling: +1 task")
    t.stage("Scaling on CPU", "Average CPU of the service passes 70%: the alarm raises the desired count and task "
            "3 starts where there is room; the capacity provider adds an instance if there is none.",
            passes=("MON-ALARM-001",))
    t.stage("Scaling on the queue", "The tasks consume a work queue; when more than 100 messages per task wait, "
            "the service adds a task and the capacity provider grows the instances behind it.",
            overrides={"metric": {"label": "SQS queue length", "props": {"metric": "ApproximateNumberOfMessages"}},
                       "alarm": {"props": {"threshold": "> 100 messages per task"}}})
    return t


def j15_api_gateway_endpoints() -> Template:
    t = Template("serverless/api_gateway_endpoints", "API Gateway integrations and endpoint types",
                 "Clients call API Gateway, which proxies to Lambda, to any HTTP backend (here an on-premises API; an "
                 "ALB works too) or straight to an AWS service API (here SQS SendMessage), and adds authentication, "
                 "throttling, API keys, versions, caching and stages. Endpoint types: edge-optimised (through "
                 "CloudFront edge locations, for clients worldwide), regional, and private (reachable only through "
                 "an execute-api interface endpoint in a VPC, with a resource policy).",
                 "## API Gateway Overview, lines 4803-4850", ["serverless", "api-gateway", "private-api"],
                 suppress=(("avail.single_instance_spof", "the instance stands for any in-VPC client"),
                           ("avail.single_az", "the instance stands for any in-VPC client")))
    t.layout(
        col(leaf("client", "user", "REST client"),
            box("dc", "corporate_dc", "On-premises", leaf("http", "on_prem_server", "HTTP backend (on-prem API)")),
            leaf("fn_role", "iam_role", "backend role"), gap=48),
        box("edge", "edge_network", "CloudFront edge locations (managed by API Gateway)", min_w=200, min_h=120),
        region("reg", "us-east-1", vpc(
            "vpc", "client-vpc",
            [az("az_a", "us-east-1a", subnet("priv_a", "private", "10.0.16.0/20", "private",
                                             ec2("vpc_client", "in-VPC client", ["client_sg"],
                                                 iam_role="fn_role"),
                                             leaf("ife", "vpc_endpoint_interface", "execute-api endpoint",
                                                  service="execute-api", subnets=["priv_a"],
                                                  security_groups=["ep_sg"], private_dns=True)))],
            plumbing=[sg("client_sg", "client-sg"), sg("ep_sg", "endpoint-sg", tcp(443, sg="client_sg"))],
            cidr="10.0.0.0/16", enable_dns_hostnames=True),
            col(leaf("api", "api_gateway", "REST API", endpoint_type="edge", api_stages=["dev", "test", "prod"],
                     public_api=True),
                row(leaf("fn", "lambda", "backend Lambda", role="fn_role"),
                    leaf("sqs", "sqs_queue", "SQS (service integration)"), gap=48), gap=48, align="center")))
    t.only(1, "edge")
    t.only((1, 2), "client")
    t.only(3, "vpc")
    t.flow("client", "api", 443, label="HTTPS via the nearest edge", only=1, edge_id="client-api#edge")
    t.flow("client", "api", 443, label="HTTPS to the region", only=2, edge_id="client-api#regional")
    t.flow("vpc_client", "api", 443, label="HTTPS via the endpoint", only=3)
    t.rel("api", "fn", "Lambda proxy")
    t.rel("api", "http", "HTTP integration")
    t.rel("api", "sqs", "AWS service integration")
    t.stage("Edge-optimised", "Requests enter AWS at the CloudFront edge nearest the client and ride AWS's network "
            "to the API in us-east-1.")
    t.stage("Regional", "Clients in the same region call the regional endpoint directly (put your own CloudFront "
            "in front if you want caching control).",
            overrides={"api": {"props": {"endpoint_type": "regional"}}})
    t.stage("Private", "Only callers inside the VPC reach the API, through the execute-api interface endpoint; the "
            "API's resource policy admits that endpoint alone, and the client signs its calls with its role.",
            overrides={"api": {"props": {"endpoint_type": "private", "public_api": False, "authorizer": "iam",
                                         "resource_policy": "allow execute-api:Invoke from vpce ife only"}}})
    return t


BUILDERS = [j1_ecs_ec2, j2_fargate, j3_ecs_roles, j4_ecs_efs, j5_dynamic_ports, j6_fargate_alb, j11_eks,
            j12_reference_webapp, j13_lambda_thumbnail, j14_cron, j7_eventbridge_task,
            j10_ecr_pipeline, j16_api_gateway_security, j17_cognito_pools, j9_rolling_update,
            j8_ecs_scaling, j15_api_gateway_endpoints]


def main() -> int:
    return run(BUILDERS, OUT, sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
