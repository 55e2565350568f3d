from cloudwright.cli.main import main

raise SystemExit(main())
