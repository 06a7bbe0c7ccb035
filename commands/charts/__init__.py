"""What a chart shows (`model`), filled from core results (`build`), and whether an answer may
carry one here (`policy`). Drawing is the adapters' job (bot/charts)."""
