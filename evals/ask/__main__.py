from evals.ask.threshold import main

main()
