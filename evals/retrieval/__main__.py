from evals.retrieval.run import main

main()
