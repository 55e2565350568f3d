"""Part B of case-studies.md: the serverless solution-architecture discussions (seed 5004-5236)."""

from __future__ import annotations

from builder import Grid, Template
from part_a import HEALTH, WORLD, https_listeners, tcp


def _private_vpc(t: Template, vpc_label: str, stages: str, azs: str = "abc") -> None:
    """A VPC with one private subnet per AZ (for DAX and VPC-attached Lambdas)."""
    t.node("vpc", "vpc", vpc_label, "reg", stages=stages, cidr="10.0.0.0/16")
    for i, z in enumerate(azs):
        t.node(f"az_{z}", "az", f"us-east-1{z}", "vpc", stages=stages, name=f"us-east-1{z}")
        t.node(f"priv_{z}", "subnet", f"private-{z}", f"az_{z}", stages=stages, cidr=f"10.0.{10 + i}.0/24",
               tier="private")
        t.grid(f"az_{z}", [[f"priv_{z}"]])


def mytodolist() -> Template:
    t = Template("serverless/mytodolist", "MyToDoList (serverless mobile app)",
                 "The standard serverless REST stack (API Gateway, Lambda, DynamoDB, Cognito), scoped direct S3 "
                 "access for app users through Cognito and STS temporary credentials, and read scaling with DAX "
                 "and API Gateway caching.",
                 "lines 5006-5048", 3, ["serverless", "api-gateway", "lambda", "dynamodb", "cognito", "sts", "dax"])
    t.node("mobile", "mobile_client", "MyToDoList app", holds="JWT")
    t.vary("mobile", "2-3", holds="JWT + temporary AWS credentials")
    t.node("global", "global", "Global (IAM, STS)")
    t.node("fn_role", "iam_role", "todo-handler-role", "global", allows=["dynamodb:*", "dax:*"])
    t.vary("fn_role", "1-2", allows=["dynamodb:*"])
    t.node("sts", "sts", "AWS STS", "global", stages="2-3")
    t.node("role", "iam_role", "todo-app-user-role", "global", stages="2-3",
           allows=["s3:GetObject", "s3:PutObject"],
           resource="arn:aws:s3:::mytodolist-user-files/${cognito-identity.amazonaws.com:sub}/*")
    t.node("reg", "region", "us-east-1", name="us-east-1")
    t.node("cup", "cognito_user_pool", "todo-users (user pool)", "reg")
    t.node("cip", "cognito_identity_pool", "todo-identities", "reg", stages="2-3", providers=["cup"])
    t.node("api", "api_gateway", "todo-api (REST)", "reg", endpoint_type="edge", authorizer="cognito", cache=True,
           cache_ttl_s=300)
    t.vary("api", "1-2", cache=False, cache_ttl_s=None)
    t.node("fn", "lambda", "todo-handler", "reg", runtime="nodejs20.x", subnets=["priv_a", "priv_b", "priv_c"],
           security_groups=["fn_sg"], role="fn_role")
    t.node("ddb", "dynamodb_table", "todos", "reg", billing_mode="provisioned", rcu=200, wcu=100,
           intent={"read_heavy": True})
    t.vary("ddb", "1-2", rcu=1000)
    t.node("s3", "s3_bucket", "mytodolist-user-files", "reg", stages="2-3", block_public_access=True)
    _private_vpc(t, "todo-vpc (DAX)", "3")
    t.node("fn_sg", "security_group", "fn-sg", "vpc", stages="3")
    t.node("dax_sg", "security_group", "dax-sg", "vpc", stages="3", inbound=[tcp(8111, sg="fn_sg")])
    t.node("dax", "dax", "todo-dax (3 nodes)", "priv_a", stages="3", nodes=3, item_ttl_s=300,
           subnets=["priv_a", "priv_b", "priv_c"], security_groups=["dax_sg"])
    t.flow("mobile", "cup", 443, label="sign in (JWT)")
    t.flow("mobile", "api", 443, label="REST + JWT")
    t.relation("api", "cup", "verify token (authorizer)")
    t.relation("api", "fn", "Lambda proxy invoke")
    t.flow("fn", "ddb", 443, label="read/write to-dos", stages="1-2", access="read_write")
    t.flow("fn", "dax", 8111, label="read/write through the cache", stages="3", access="read_write")
    t.flow("dax", "ddb", 443, label="misses, write-through", stages="3")
    t.flow("mobile", "cip", 443, label="JWT for an identity", stages="2-3")
    t.relation("cip", "sts", "AssumeRoleWithWebIdentity", stages="2-3")
    t.relation("sts", "role", "temporary credentials for", stages="2-3")
    t.relation("sts", "mobile", "temporary credentials", stages="2-3")
    t.flow("mobile", "s3", 443, label="GET/PUT own prefix", stages="2-3")

    t.grid(None, [[None, Grid([["global"]])], ["mobile", "reg"]])
    t.grid("global", [["fn_role", "sts", "role"]], (136, 24))
    t.grid("reg", [[Grid([["cup", "cip", "s3"], ["api", "fn", "ddb"]], (112, 96))], ["vpc"]], (16, 24))
    t.grid("vpc", [[Grid([["fn_sg"], ["dax_sg"]], (16, 16)), "az_a", "az_b", "az_c"]], (24, 16))
    t.grid("priv_a", [["dax"]])

    t.stage("REST API layer", "The app calls API Gateway over HTTPS; a Cognito authorizer checks the user's JWT, and "
            "Lambda reads and writes DynamoDB. Reads dominate, and all of them hit the table.",
            exhibits=["perf.read_heavy_no_cache"])
    t.stage("Direct S3 access for users", "Signed in through Cognito, the app exchanges its token for temporary STS "
            "credentials scoped to its own S3 prefix, never long-term IAM keys.",
            exhibits=["perf.read_heavy_no_cache"])
    t.stage("High read throughput", "DAX caches DynamoDB reads (the VPC-attached Lambda reaches it on 8111) and API "
            "Gateway caches rarely-changing responses, so the table needs fewer read units.",
            fixes=["perf.read_heavy_no_cache"])
    t.variant("Keys in the app (the wrong answer)", "Instead of Cognito and STS, the app ships an IAM user's access "
              "keys: anyone who unpacks it can use them.", 2,
              exhibits=["sec.long_term_credentials_on_client"], hide=("cip", "sts", "role"),
              changes={"mobile": {"props": {"static_aws_credentials": True, "holds": "JWT + IAM user keys"}}})
    return t


def myblog() -> Template:
    t = Template("serverless/myblog", "MyBlog (serverless, global website)",
                 "Global static hosting with CloudFront and S3 secured by an origin access identity, a public "
                 "serverless REST API with DAX, DynamoDB global tables, a stream-driven welcome e-mail and "
                 "S3-triggered thumbnails.",
                 "lines 5050-5101", 6, ["serverless", "cloudfront", "s3", "oai", "dynamodb", "dax", "ses", "events"])
    t.node("user", "user", "Readers and authors")
    t.node("inbox", "email_recipient", "New subscriber's mailbox", stages="5-6")
    t.node("edge", "edge_network", "CloudFront edge")
    t.node("cf", "cloudfront", "blog distribution", "edge",
           origins=[{"target": "static", "oai": True}, {"target": "uploads", "oai": True}])
    t.vary("cf", "1", origins=[{"target": "static", "oai": False}])
    t.node("global", "global", "Global (IAM)", stages="3-6")
    t.node("role_api", "iam_role", "blog-api-role", "global", stages="3-6", allows=["dax:*", "dynamodb:*"])
    t.node("role_thumb", "iam_role", "thumbnail-role", "global", stages="6",
           allows=["s3:GetObject on uploads", "s3:PutObject on thumbnails"])
    t.node("role_mail", "iam_role", "welcome-email-role", "global", stages="5-6",
           allows=["ses:SendEmail", "dynamodb:GetRecords"])
    t.node("reg", "region", "us-east-1", name="us-east-1")
    t.node("reg2", "region", "ap-southeast-2", stages="4-6", name="ap-southeast-2")
    t.node("static", "s3_bucket", "myblog-static", "reg", block_public_access=True, public=False)
    t.vary("static", "1", block_public_access=False, public=True, intent={"public": True})
    t.node("api", "api_gateway", "blog-api (public REST)", "reg", stages="3-6", endpoint_type="edge",
           authorizer="none", public_api=True)
    t.node("fn_api", "lambda", "blog-api-handler", "reg", stages="3-6", subnets=["priv_a", "priv_b", "priv_c"],
           security_groups=["fn_sg"], role="role_api")
    t.node("ddb", "dynamodb_table", "blog posts / users", "reg", stages="3-6", streams=True,
           global_regions=["us-east-1", "ap-southeast-2"], intent={"read_heavy": True})
    t.vary("ddb", "3", streams=False, global_regions=[])
    t.node("ddb_r2", "dynamodb_table", "blog posts / users (replica)", "reg2", stages="4-6", streams=True,
           global_regions=["us-east-1", "ap-southeast-2"])
    t.node("stream", "dynamodb_stream", "users table stream", "reg", stages="5-6", view="NEW_IMAGE", table="ddb")
    t.node("fn_mail", "lambda", "welcome-email", "reg", stages="5-6", role="role_mail")
    t.node("ses", "ses", "Amazon SES", "reg", stages="5-6", sender_domain="myblog.com")
    t.node("uploads", "s3_bucket", "myblog-uploads", "reg", stages="6", block_public_access=True,
           notifications=[{"event": "s3:ObjectCreated:*", "suffix": ".jpg", "target": "fn_thumb"}])
    t.node("fn_thumb", "lambda", "thumbnail-generator", "reg", stages="6", role="role_thumb")
    t.node("thumbs", "s3_bucket", "myblog-thumbnails", "reg", stages="6", block_public_access=True)
    _private_vpc(t, "blog-vpc (DAX)", "3-6")
    t.node("fn_sg", "security_group", "fn-sg", "vpc", stages="3-6")
    t.node("dax_sg", "security_group", "dax-sg", "vpc", stages="3-6", inbound=[tcp(8111, sg="fn_sg")])
    t.node("dax", "dax", "blog-dax (3 nodes)", "priv_a", stages="3-6", nodes=3,
           subnets=["priv_a", "priv_b", "priv_c"], security_groups=["dax_sg"])
    t.flow("user", "cf", 443, label="HTTPS GET pages (edge cache)")
    t.relation("cf", "static", "origin fetch as the OAI")
    t.vary("cf-static", "1", label="origin fetch (anonymous)")
    t.flow("user", "static", 443, label="direct bucket read (bypasses CloudFront)", stages="1")
    t.flow("user", "api", 443, label="HTTPS REST", stages="3-6")
    t.relation("api", "fn_api", "Lambda proxy invoke", stages="3-6")
    t.flow("fn_api", "dax", 8111, label="cached reads/writes", stages="3-6", access="read_write")
    t.flow("dax", "ddb", 443, label="misses, write-through", stages="3-6")
    t.relation("ddb", "ddb_r2", "global table replication (both ways)", stages="4-6")
    t.relation("ddb", "stream", "change records", stages="5-6")
    t.relation("stream", "fn_mail", "new user (event source)", stages="5-6")
    t.flow("fn_mail", "ses", 443, label="SendEmail", stages="5-6")
    t.relation("ses", "inbox", "welcome e-mail", stages="5-6")
    t.flow("user", "cf", 443, label="HTTPS PUT photo via the edge", stages="6", edge_id="user-cf-upload")
    t.relation("cf", "uploads", "PUT as the OAI", stages="6")
    t.relation("uploads", "fn_thumb", "ObjectCreated event", stages="6")
    t.flow("fn_thumb", "thumbs", 443, label="PutObject thumbnail", stages="6", access="write")
    t.flow("fn_thumb", "uploads", 443, label="PutObject thumbnail (same bucket)", stages="none", access="write",
           edge_id="fn_thumb-uploads")

    t.grid(None, [[None, None, Grid([["global"]])], ["user", Grid([["edge"]]), "reg", Grid([["reg2"], ["inbox"]], (32, 48))]],
           (48, 32))
    t.grid("edge", [["cf"]])
    t.grid("global", [["role_api", "role_mail", "role_thumb"]])
    t.grid("reg", [[Grid([["static", None, None, None, None],
                          ["uploads", "fn_thumb", "thumbs", None, None],
                          ["api", "fn_api", "ddb", None, None],
                          [None, None, "stream", "fn_mail", "ses"]], (88, 40))],
                   ["vpc"]], (16, 24))
    t.grid("reg2", [["ddb_r2"]])
    t.grid("vpc", [[Grid([["fn_sg"], ["dax_sg"]], (16, 16)), "az_a", "az_b", "az_c"]], (24, 16))
    t.grid("priv_a", [["dax"]])

    t.stage("Static content served globally", "CloudFront edges cache the site's files from an S3 bucket. The bucket "
            "is public, so readers can skip CloudFront and read it directly.",
            exhibits=["edge.s3_origin_bypass", "s3.public_bucket"])
    t.stage("...securely, with an OAI", "CloudFront reads the bucket as an origin access identity, and the bucket "
            "policy admits only that identity: the bucket is private again.",
            fixes=["edge.s3_origin_bypass", "s3.public_bucket"])
    t.stage("Public serverless REST API", "API Gateway, Lambda, DAX and DynamoDB serve the dynamic parts. The API "
            "is public, so no Cognito; DAX absorbs the reads.")
    t.stage("DynamoDB global tables", "A replica table in ap-southeast-2 brings data close to distant readers. "
            "Global tables need DynamoDB Streams on.")
    t.stage("Welcome e-mail", "The table's stream triggers a Lambda on each new user; its IAM role allows "
            "ses:SendEmail, and SES sends the welcome mail.")
    t.stage("Thumbnails", "Photos are uploaded through the CloudFront edge into a private bucket; the ObjectCreated "
            "event invokes a Lambda that writes the thumbnail to a separate bucket, so it never triggers itself.")
    t.variant("Global table without streams", "Turning DynamoDB Streams off breaks global-table replication.", 4,
              exhibits=["ddb.global_table_requires_streams"], changes={"ddb": {"props": {"streams": False}}})
    t.variant("Welcome e-mail without a role", "Without an execution role allowing ses:SendEmail, the function's "
              "calls to SES are denied.", 5,
              exhibits=["iam.missing_permission"], changes={"fn_mail": {"props": {"role": None}}})
    t.variant("Thumbnails into the upload bucket", "Writing thumbnails back into the bucket whose uploads trigger "
              "the function makes it trigger itself, forever.", 6,
              exhibits=["event.s3_recursion"], show=("fn_thumb-uploads",), hide=("fn_thumb-thumbs",))
    return t


def microservices() -> Template:
    t = Template("serverless/microservices", "Microservices environment",
                 "Three services, each with its own shape (ALB + ECS + DynamoDB, API Gateway + Lambda + ElastiCache, "
                 "ALB + EC2 Auto Scaling + RDS), found through Route 53 and calling each other synchronously; then "
                 "an asynchronous variant through SQS (proposed).",
                 "lines 5103-5136", 2, ["serverless", "microservices", "ecs", "lambda", "sqs", "route53"])
    t.node("user", "user", "Users")
    t.node("global", "global", "Global (Route 53, IAM)")
    t.node("zone", "route53_zone", "example.com", "global")
    t.node("ecs1_role", "iam_role", "service1-task-role", "global", allows=["dynamodb:*Item on service1-table"])
    t.node("svc3_role", "iam_role", "service3-instance-role", "global", stages="2", allows=["sqs:SendMessage on q23"])
    for n, alias_to in ((1, "elb1"), (2, "api2"), (3, "elb3")):
        t.node(f"rec{n}", "route53_record", f"service{n}.example.com", "zone", name=f"service{n}.example.com",
               type="A", alias=True, ttl=None, targets=[alias_to])
        t.relation("user", f"rec{n}", "DNS lookup (Alias)")
    t.node("reg", "region", "us-east-1", name="us-east-1")
    t.node("ddb1", "dynamodb_table", "service1-table", "reg")
    t.node("api2", "api_gateway", "service2-api", "reg", endpoint_type="regional", public_api=True)
    t.node("fn2", "lambda", "service2-handler", "reg", subnets=["app_a", "app_b"], security_groups=["fn2_sg"])
    t.node("q23", "sqs_queue", "service2 request queue", "reg", stages="2")
    t.node("vpc", "vpc", "services-vpc", "reg", cidr="10.0.0.0/16")
    subnets = {"pub": ("public", 0), "app": ("private", 10), "data": ("data", 20)}
    for i, z in enumerate("ab"):
        t.node(f"az_{z}", "az", f"us-east-1{z}", "vpc", name=f"us-east-1{z}")
        for prefix, (tier, base) in subnets.items():
            t.node(f"{prefix}_{z}", "subnet", f"{prefix}-{z}" if prefix != "pub" else f"public-{z}", f"az_{z}",
                   cidr=f"10.0.{base + i}.0/24", tier=tier)
        t.grid(f"az_{z}", [[f"pub_{z}"], [f"app_{z}"], [f"data_{z}"]], (16, 16))
        t.node(f"nat_{z}", "nat_gateway", f"NAT gateway {z}", f"pub_{z}")
        t.node(f"rt_app_{z}", "route_table", f"app route table {z}", "vpc",
               routes=[{"destination": WORLD, "target": f"nat_{z}"},
                       {"prefix_list": "dynamodb", "target": "vpce_ddb"}], subnets=[f"app_{z}"])
    t.node("igw", "igw", "Internet gateway", "vpc")
    t.node("rt_pub", "route_table", "public route table", "vpc",
           routes=[{"destination": WORLD, "target": "igw"}], subnets=["pub_a", "pub_b"])
    t.node("vpce_ddb", "vpc_endpoint_gateway", "DynamoDB endpoint", "vpc", service="dynamodb",
           route_tables=["rt_app_a", "rt_app_b"])
    t.node("elb1_sg", "security_group", "elb1-sg", "vpc", inbound=[tcp(443, cidr=WORLD)])
    t.node("ecs1_sg", "security_group", "ecs1-sg", "vpc", inbound=[tcp(80, sg="elb1_sg")])
    t.node("fn2_sg", "security_group", "fn2-sg", "vpc")
    t.node("cache2_sg", "security_group", "cache2-sg", "vpc", inbound=[tcp(6379, sg="fn2_sg")])
    t.node("elb3_sg", "security_group", "elb3-sg", "vpc", inbound=[tcp(443, cidr=WORLD)])
    t.node("svc3_sg", "security_group", "svc3-sg", "vpc", inbound=[tcp(80, sg="elb3_sg")])
    t.node("rds3_sg", "security_group", "rds3-sg", "vpc", inbound=[tcp(3306, sg="svc3_sg")])
    t.node("elb1", "alb", "service1-elb", "pub_a", subnets=["pub_a", "pub_b"], security_groups=["elb1_sg"],
           listeners=[{"protocol": "HTTPS", "port": 443, "certificate": "acm:example.com", "target_port": 80}],
           targets=["ecs1"], health_check=HEALTH)
    t.node("ecs1", "ecs_service", "service1 (ECS on Fargate)", "app_a", launch_type="FARGATE", desired=2,
           subnets=["app_a", "app_b"], security_groups=["ecs1_sg"], port=80, task_role="ecs1_role")
    t.node("cache2", "elasticache", "service2-cache", "data_a", engine="redis", replicas=1, multi_az=True,
           automatic_failover=True, subnets=["data_a", "data_b"], security_groups=["cache2_sg"], ttl_s=300)
    t.node("elb3", "alb", "service3-elb", "pub_b", subnets=["pub_a", "pub_b"], security_groups=["elb3_sg"],
           listeners=[{"protocol": "HTTPS", "port": 443, "certificate": "acm:example.com", "target_port": 80}],
           targets=["ec2_3a", "ec2_3b"], health_check=HEALTH)
    t.node("asg3", "asg", "service3-asg", "vpc", subnets=["app_a", "app_b"], min=2, desired=2, max=6,
           security_groups=["svc3_sg"], load_balancers=["elb3"], health_check_type="ELB")
    for z in "ab":
        t.node(f"ec2_3{z}", "ec2", f"service3-{z}", f"app_{z}", security_groups=["svc3_sg"], member_of="asg3",
               iam_role="svc3_role")
        t.flow("elb3", f"ec2_3{z}", 80, label="HTTP")
        t.flow(f"ec2_3{z}", "rds3", 3306, label="read/write", access="read_write")
        t.flow(f"ec2_3{z}", "api2", 443, label="synchronous call to service 2 (via NAT)", stages="1")
        t.flow(f"ec2_3{z}", "q23", 443, label="SendMessage (via NAT)", stages="2")
    t.node("rds3", "rds", "service3-db", "data_a", engine="mysql", multi_az=True, subnets=["data_a", "data_b"],
           security_groups=["rds3_sg"])
    t.flow("user", "elb1", 443, label="HTTPS")
    t.flow("elb1", "ecs1", 80, label="HTTP to the tasks")
    t.flow("ecs1", "ddb1", 443, label="DynamoDB API (gateway endpoint)")
    t.flow("user", "api2", 443, label="HTTPS")
    t.relation("api2", "fn2", "invoke")
    t.flow("fn2", "cache2", 6379, label="Redis")
    t.flow("fn2", "elb1", 443, label="synchronous call to service 1 (via NAT)")
    t.flow("user", "elb3", 443, label="HTTPS")
    t.relation("q23", "fn2", "SQS event source", stages="2")

    t.grid(None, [[None, Grid([["global"]])], ["user", "reg"]])
    t.grid("global", [["zone", Grid([["ecs1_role"], ["svc3_role"]], (16, 16))]])
    t.grid("zone", [["rec1", "rec2", "rec3"]])
    t.grid("reg", [["vpc", Grid([["api2"], ["fn2"], ["q23"], ["ddb1"]], (24, 56))]], (40, 16))
    t.grid("vpc", [[Grid([["igw", "rt_pub", "vpce_ddb"], ["rt_app_a", "rt_app_b", "asg3"],
                          ["elb1_sg", "ecs1_sg", "fn2_sg"], ["cache2_sg", "elb3_sg", "svc3_sg"],
                          ["rds3_sg", None, None]], (16, 16)),
                    "az_a", "az_b"]], (24, 16))
    t.grid("pub_a", [["elb1", "nat_a"]])
    t.grid("pub_b", [["elb3", "nat_b"]])
    t.grid("app_a", [["ecs1", "ec2_3a"]])
    t.grid("app_b", [[None, "ec2_3b"]])
    t.grid("data_a", [["cache2", "rds3"]])

    t.stage("Synchronous microservices", "Each service picks its own stack and is found through its own Route 53 "
            "name. Service 3 calls service 2, which calls service 1 before answering: a synchronous chain whose "
            "latency and failures add up.",
            exhibits=["arch.sync_call_chain"])
    t.stage("Asynchronous variant (proposed)", "Service 3 posts requests to an SQS queue that triggers service 2's "
            "Lambda, so a slow or failing service 2 no longer holds service 3's requests open.",
            fixes=["arch.sync_call_chain"])
    return t


def paid_content() -> Template:
    t = Template("serverless/paid_content", "Distributing paid content",
                 "A serverless premium-user service (API Gateway, Lambda, DynamoDB, Cognito), videos in S3 behind "
                 "CloudFront with an origin access identity, and a second API whose Lambda hands short-lived "
                 "CloudFront signed URLs to premium users only.",
                 "lines 5138-5180", 4, ["serverless", "cloudfront", "signed-urls", "cognito", "s3", "oai"])
    t.settings["serverless_required"] = True
    t.node("user", "user", "Customers")
    t.node("edge", "edge_network", "CloudFront edge", stages="3-4")
    t.node("cf", "cloudfront", "video distribution", "edge", stages="3-4",
           origins=[{"target": "s3", "oai": True}], signed_urls=True, trusted_key_group="premium-signer",
           intent={"private_content": True})
    t.vary("cf", "3", signed_urls=False, trusted_key_group=None)
    t.node("reg", "region", "us-east-1", name="us-east-1")
    t.node("api_users", "api_gateway", "premium-users API", "reg", authorizer="cognito")
    t.vary("api_users", "1", authorizer="none")
    t.node("global", "global", "Global (IAM)")
    t.node("role_users", "iam_role", "user-registration-role", "global", allows=["dynamodb:*Item on users"])
    t.node("role_sign", "iam_role", "signer-role", "global", stages="4",
           allows=["dynamodb:GetItem on users", "secretsmanager:GetSecretValue"])
    t.node("fn_users", "lambda", "premium-user registration", "reg", role="role_users")
    t.node("ddb", "dynamodb_table", "users (is_premium)", "reg")
    t.node("cup", "cognito_user_pool", "video-users", "reg", stages="2-4")
    t.node("s3", "s3_bucket", "premium-videos", "reg", stages="3-4", block_public_access=True,
           policy="s3:GetObject for the OAI only")
    t.node("api_sign", "api_gateway", "signed-URL API", "reg", stages="4", authorizer="cognito")
    t.node("fn_sign", "lambda", "signed-URL generator", "reg", stages="4", url_expiry_s=300, role="role_sign",
           signing_key="Secrets Manager: cloudfront-private-key")
    t.flow("user", "api_users", 443, label="manage premium (REST)")
    t.relation("api_users", "fn_users", "invoke")
    t.flow("fn_users", "ddb", 443, label="read/write users", access="read_write")
    t.flow("user", "cup", 443, label="sign in (JWT)", stages="2-4")
    t.relation("api_users", "cup", "verify token", stages="2-4")
    t.relation("cf", "s3", "origin fetch as the OAI", stages="3-4")
    t.flow("user", "cf", 443, label="HTTPS GET video", stages="3-4")
    t.vary("user-cf", "4", label="GET video (signed URL)")
    t.flow("user", "api_sign", 443, label="ask for a video link", stages="4")
    t.relation("api_sign", "cup", "verify token", stages="4")
    t.relation("api_sign", "fn_sign", "invoke", stages="4")
    t.flow("fn_sign", "ddb", 443, label="read is_premium", stages="4", access="read")
    t.relation("fn_sign", "cf", "signs URLs for", stages="4")
    t.flow("user", "s3", 443, label="GET with an S3 pre-signed URL", stages="none", edge_id="user-s3-presigned")

    t.grid(None, [["user", Grid([["edge", "global"], ["reg"]], (32, 32))]], (176, 32))
    t.grid("global", [["role_users", "role_sign"]])
    t.grid("edge", [["cf"]])
    t.grid("reg", [["cup", "s3", None], ["api_users", "fn_users", "ddb"], ["api_sign", "fn_sign", None]], (64, 72))

    t.stage("Premium user service", "A REST API on API Gateway and Lambda keeps the users table in DynamoDB, which "
            "tells who is premium. Nothing checks who calls it yet.",
            exhibits=["api.unauthenticated"])
    t.stage("Authentication", "Customers sign in with a Cognito user pool, and API Gateway verifies their tokens.",
            fixes=["api.unauthenticated"])
    t.stage("Video storage, global and secure", "Videos sit in a private S3 bucket that only CloudFront's origin "
            "access identity may read. But anyone holding a CloudFront URL can watch.",
            exhibits=["edge.private_content_unsigned"])
    t.stage("Premium-only distribution", "A second API's Lambda checks is_premium and returns a short-lived "
            "CloudFront signed URL; the distribution now serves signed requests only. S3 pre-signed URLs would not "
            "work through the OAI-only bucket.",
            fixes=["edge.private_content_unsigned"])
    t.variant("S3 pre-signed URLs instead", "Handing out S3 pre-signed URLs sends customers around CloudFront to a "
              "bucket that only the OAI may read: it fails, and it is poor for a global audience.", 4,
              exhibits=["edge.s3_presigned_with_oai"], show=("user-s3-presigned",))
    return t


def software_updates() -> Template:
    t = Template("serverless/software_updates", "Software updates distribution",
                 "CloudFront in front of an unchanged ELB + EC2 + EFS application caches the static update files at "
                 "the edge, cutting scaling, CPU and bandwidth cost without re-architecting.",
                 "lines 5182-5203", 2, ["serverless", "cloudfront", "elb", "asg", "efs", "cost"])
    t.node("user", "user", "Update clients", demand="bursty at each release")
    t.node("edge", "edge_network", "CloudFront edge", stages="2")
    t.node("cf", "cloudfront", "updates distribution", "edge", stages="2", origins=[{"target": "elb"}],
           default_ttl_s=86400 * 30)
    t.node("reg", "region", "us-east-1", name="us-east-1")
    t.node("efs", "efs", "updates-efs", "reg", security_groups=["efs_sg"])
    t.node("vpc", "vpc", "updates-vpc", "reg", cidr="10.0.0.0/16")
    t.node("igw", "igw", "Internet gateway", "vpc")
    t.node("rt_pub", "route_table", "public route table", "vpc",
           routes=[{"destination": WORLD, "target": "igw"}], subnets=["pub_a", "pub_b", "pub_c"])
    t.node("elb_sg", "security_group", "elb-sg", "vpc", inbound=[tcp(443, cidr=WORLD), tcp(80, cidr=WORLD)])
    t.node("web_sg", "security_group", "web-sg", "vpc", inbound=[tcp(80, sg="elb_sg")])
    t.vary("elb_sg", "2", inbound=[{"protocol": "tcp", "port": p, "prefix_list": "cloudfront"} for p in (443, 80)])
    t.node("efs_sg", "security_group", "efs-sg", "vpc", inbound=[tcp(2049, sg="web_sg")])
    t.node("elb", "alb", "updates-elb", "pub_a", subnets=["pub_a", "pub_b", "pub_c"], security_groups=["elb_sg"],
           listeners=https_listeners("updates.example.com"), targets=["m5_a", "m5_b", "m5_c"], health_check=HEALTH,
           intent={"static_content": True})
    t.node("asg", "asg", "updates-asg", "vpc", subnets=["app_a", "app_b", "app_c"], min=3, desired=3, max=12,
           instance_type="m5.large", security_groups=["web_sg"], load_balancers=["elb"], health_check_type="ELB")
    for i, z in enumerate("abc"):
        t.node(f"az_{z}", "az", f"us-east-1{z}", "vpc", name=f"us-east-1{z}")
        t.node(f"pub_{z}", "subnet", f"public-{z}", f"az_{z}", cidr=f"10.0.{i}.0/24", tier="public")
        t.node(f"app_{z}", "subnet", f"app-{z}", f"az_{z}", cidr=f"10.0.{10 + i}.0/24", tier="private")
        t.node(f"m5_{z}", "ec2", f"updates-{z}", f"app_{z}", instance_type="m5.large", security_groups=["web_sg"],
               member_of="asg")
        t.node(f"mt_{z}", "efs_mount_target", f"EFS mount target {z}", f"app_{z}", efs="efs",
               security_groups=["efs_sg"])
        t.flow("elb", f"m5_{z}", 80, label="HTTP")
        t.flow(f"m5_{z}", f"mt_{z}", 2049, label="NFS")
        t.relation(f"mt_{z}", "efs", "ENI of the file system" if z == "a" else "")
        t.grid(f"az_{z}", [[f"pub_{z}"], [f"app_{z}"]], (16, 16))
        t.grid(f"app_{z}", [[f"m5_{z}", f"mt_{z}"]])
    t.flow("user", "elb", 443, label="HTTPS download (every one hits EC2)", stages="1", volume_gb_month=50000)
    t.flow("user", "cf", 443, label="HTTPS download (edge cache)", stages="2", volume_gb_month=50000)
    t.flow("cf", "elb", 443, label="origin fetch on a cache miss", stages="2")

    t.grid(None, [["user", "edge", "reg"]], (48, 32))
    t.grid("edge", [["cf"]])
    t.grid("reg", [["vpc", "efs"]], (40, 16))
    t.grid("vpc", [[Grid([["igw", "rt_pub"], ["elb_sg", "web_sg"], ["efs_sg", "asg"]], (16, 24)),
                    "az_a", "az_b", "az_c"]], (24, 16))
    t.grid("pub_a", [["elb"]])

    t.stage("Existing application", "A load balancer and a multi-AZ Auto Scaling group of M5 instances serve update "
            "files from EFS. Every download hits EC2, so each release scales the group out and pays for the "
            "bandwidth.",
            exhibits=["perf.static_content_without_cdn", "cost.egress_heavy"])
    t.stage("CloudFront on top", "Nothing in the app changes: CloudFront caches the static files at the edge and only "
            "misses reach the load balancer, so the group scales less and costs drop.",
            fixes=["perf.static_content_without_cdn", "cost.egress_heavy"])
    t.variant("Internal load balancer as origin", "CloudFront reaches a custom origin over the internet; an internal "
              "load balancer cannot be its origin (without a VPC origin).", 2,
              exhibits=["edge.origin_not_reachable"], changes={"elb": {"props": {"scheme": "internal"}}})
    return t


def bigdata_pipeline() -> Template:
    t = Template("serverless/bigdata_pipeline", "Big data ingestion pipeline",
                 "A real-time serverless pipeline: IoT devices, IoT Core, Kinesis Data Streams, Firehose with a "
                 "Lambda transform, an S3 ingestion bucket, an event (through SQS or directly) that runs an Athena "
                 "query, reports in S3, QuickSight dashboards and a Redshift warehouse (the one non-serverless part).",
                 "lines 5205-5235", 2, ["serverless", "iot", "kinesis", "firehose", "s3", "athena", "redshift"])
    t.node("field", "corporate_dc", "Field: IoT fleet", cidrs=[])
    t.node("dev", "iot_device", "IoT devices", "field")
    t.node("reg", "region", "us-east-1", name="us-east-1")
    t.node("iot", "iot_core", "AWS IoT Core", "reg")
    t.node("kds", "kinesis_data_stream", "telemetry-stream", "reg", shards=4, retention_h=24)
    t.node("fh", "kinesis_firehose", "telemetry-to-s3", "reg", buffer_s=60, buffer_mb=32, destination="ing",
           transform="fn_tx")
    t.node("fn_tx", "lambda", "cleanse / transform", "reg")
    t.node("ing", "s3_bucket", "ingestion-bucket", "reg",
           notifications=[{"event": "s3:ObjectCreated:*", "target": "fn_q"}])
    t.vary("ing", "1", notifications=[{"event": "s3:ObjectCreated:*", "target": "sqs"}])
    t.node("sqs", "sqs_queue", "ingestion-events", "reg", stages="1", allowed_publishers=["ing"])
    t.node("fn_q", "lambda", "run-athena-query", "reg")
    t.node("athena", "athena", "Athena", "reg", output_location="rep")
    t.node("rep", "s3_bucket", "reporting-bucket", "reg")
    t.node("qs", "quicksight", "QuickSight dashboards", "reg")
    t.node("vpc", "vpc", "analytics-vpc", "reg", cidr="10.0.0.0/16")
    t.node("az_a", "az", "us-east-1a", "vpc", name="us-east-1a")
    t.node("data_a", "subnet", "data-a", "az_a", cidr="10.0.20.0/24", tier="data")
    t.node("rs", "redshift", "Redshift warehouse", "data_a", enhanced_vpc_routing=False)
    t.relation("dev", "iot", "MQTT/TLS, real time")
    t.relation("iot", "kds", "put records")
    t.relation("kds", "fh", "read stream")
    t.relation("fh", "fn_tx", "transform batch")
    t.relation("fh", "ing", "every 60 s")
    t.relation("ing", "sqs", "ObjectCreated", stages="1")
    t.relation("sqs", "fn_q", "poll", stages="1")
    t.relation("ing", "fn_q", "ObjectCreated (direct)", stages="2")
    t.relation("fn_q", "athena", "start SQL query")
    t.relation("athena", "ing", "scan data")
    t.relation("athena", "rep", "write results")
    t.relation("qs", "rep", "visualise")
    t.relation("rep", "rs", "COPY load")
    t.settings["serverless_required"] = True
    t.grid(None, [[Grid([["field"]]), "reg"]], (48, 32))
    t.grid("field", [["dev"]])
    t.grid("reg", [[Grid([["iot", "kds", "fh", "ing", "sqs", "fn_q"],
                          [None, None, "fn_tx", None, None, "athena"],
                          [None, None, None, "qs", "rep", None]], (80, 40)), Grid([["vpc"]])]], (40, 16))
    t.grid("vpc", [["az_a"]])
    t.grid("az_a", [["data_a"]])
    t.grid("data_a", [["rs"]])

    t.stage("Variant a: S3 -> SQS -> Lambda", "Devices stream telemetry through IoT Core into Kinesis; Firehose "
            "transforms and lands it in S3 about every minute; each new object queues an event that runs an Athena "
            "query, whose results feed QuickSight and Redshift. Redshift is the one provisioned component.",
            exhibits=["arch.not_serverless"])
    t.stage("Variant b: S3 -> Lambda directly", "The queue is optional: the bucket can invoke the query Lambda "
            "directly.",
            exhibits=["arch.not_serverless"])
    t.variant("Queue policy without the bucket", "If the queue's access policy does not allow the ingestion bucket "
              "to send messages, S3 cannot deliver its events.", 1,
              exhibits=["msg.queue_policy_missing_publisher"], changes={"sqs": {"props": {"allowed_publishers": []}}})
    t.variant("Firehose expected in real time", "Firehose buffers for at least 60 s; a sub-second delivery "
              "requirement needs Kinesis Data Streams consumers instead.", 1,
              exhibits=["msg.firehose_realtime_expectation"], changes={"fh": {"intent": {"latency_s": 1}}})
    return t


TEMPLATES = [mytodolist, myblog, microservices, paid_content, software_updates, bigdata_pipeline]
