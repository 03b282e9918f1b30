"""cslearn: customer success you can compute.

The companion library of the cslearn course. A notebook imports what it needs from here::

    import cslearn as cs
    cs.break_even_month(3000, 980)      # -> 4
    cs.yen(1234567)                     # -> '¥1,234,567'

Names are loaded on first use, so ``import cslearn`` stays light (plotting and widgets import
matplotlib and ipywidgets only when a plot or an explorer is asked for).
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    # formatting and language
    "yen": "formatting",
    "percent": "formatting",
    "set_language": "language",
    "get_language": "language",
    "label": "language",
    # the course
    "chapters": "course",
    "glossary": "course",
    "sources": "course",
    "concepts": "course",
    # data
    "load_dataset": "data",
    "list_datasets": "data",
    # chapter 01
    "ownership_vs_access": "ownership",
    "break_even_month": "ownership",
    "budget_split": "ownership",
    "compare_budget_splits": "ownership",
    "best_budget_split": "ownership",
    "best_split_by_cost_ratio": "ownership",
    "optimal_retention_spend": "ownership",
    "classify_relationships": "ownership",
    "survey_counts": "ownership",
    "spend_by_stage": "ownership",
    "follow_retention_rule": "ownership",
    "best_split_by": "ownership",
    "route_sales": "ownership",
    "compare_route_policies": "ownership",
    "restock_ahead_pays_from": "ownership",
    "plot_route_sales": "plotting",
    "route_explorer": "explorers",
    # plots
    "use_theme": "plotting",
    "plot_ownership": "plotting",
    "plot_budget_paths": "plotting",
    "plot_budget_splits": "plotting",
    "plot_survey": "plotting",
    "plot_font_check": "plotting",
    # explorers
    "Explorer": "explorers",
    "widget_check": "explorers",
    "ownership_explorer": "explorers",
    "budget_explorer": "explorers",
    # chapter 03: LTV and the P&L
    "lifetime_value": "ltv",
    "textbook_lifetime_value": "ltv",
    "survival_lifetime_value": "ltv",
    "payback_months": "ltv",
    "ltv_to_cac": "ltv",
    "project_pnl": "pnl",
    "PnLProjection": "pnl",
    "compare_support_costs": "pnl",
    "simulate_shot_business": "otv",
    "simulate_subscription_business": "otv",
    "next_month_outlook": "otv",
    "compare_growth": "growth",
    "simulate_growth": "growth",
    "breakeven_care_cost": "growth",
    "breakeven_upsell_cost": "growth",
    # chapter 02: business models
    "compare_models": "business_models",
    "model_summaries": "business_models",
    "owner_payback": "business_models",
    "owner_payback_curve": "business_models",
    "owner_gain_decomposition": "business_models",
    "customer_knowledge": "business_models",
    "after_purchase_services": "business_models",
    "retention_benefits": "business_models",
    "after_purchase_value": "business_models",
    "after_purchase_assumptions": "business_models",
    "after_purchase_curve": "business_models",
    # chapter 04: data in, and the fitted models
    "load_cdnow": "transactions",
    "rfm_summary": "transactions",
    "calibration_holdout_split": "transactions",
    "ShiftedBetaGeometric": "models",
    "BetaGeometricNBD": "models",
    "GammaGamma": "models",
    "simulate_sbg": "models",
    "simulate_bgnbd": "models",
    "simulate_gammagamma": "models",
    # chapter 02 views (plots, explorers) go here
    "compare_scenario": "business_models",
    "scenario_params": "business_models",
    "entry_funnel": "business_models",
    "customer_totals": "business_models",
    "model_parameters": "business_models",
    "visits_per_stock": "business_models",
    "plot_model_revenue": "plotting.business_models",
    "plot_model_comparison": "plotting.business_models",
    "plot_share_returned": "plotting.business_models",
    "plot_revenue_spread": "plotting.business_models",
    "plot_entry_funnel": "plotting.business_models",
    "plot_prepaid_balance": "plotting.business_models",
    "plot_owner_payback": "plotting.business_models",
    "plot_meat_stock": "plotting.business_models",
    "plot_after_purchase": "plotting.business_models",
    "business_model_explorer": "explorers.business_models",
    "prepaid_explorer": "explorers.business_models",
    "owner_explorer": "explorers.business_models",
    "meat_explorer": "explorers.business_models",
    "after_purchase_explorer": "explorers.business_models",
    # chapter 03 views go here
    "break_even_revenue": "otv",
    "pnl_statement": "pnl",
    "next_month_draws": "otv",
    "compare_ltv_conventions": "ltv",
    "max_churn_for_payback": "ltv",
    "systemisation_breakeven": "pnl",
    "plot_mrr": "plotting.pnl",
    "plot_customers": "plotting.pnl",
    "plot_cumulative_cash": "plotting.pnl",
    "plot_pnl": "plotting.pnl",
    "update_pnl": "plotting.pnl",
    "plot_next_month": "plotting.pnl",
    "plot_growth": "plotting.pnl",
    "plot_support_costs": "plotting.pnl",
    "PnLExplorer": "explorers.pnl",
    "pnl_explorer": "explorers.pnl",
    "growth_explorer": "explorers.pnl",
    "next_month_explorer": "explorers.pnl",
    # chapter 04 views go here
    "first_purchase_times": "transactions",
    "repeat_purchases_by_period": "transactions",
    "mixture_retention": "retention",
    "simulate_mixture": "retention",
    "constant_churn_fit": "retention",
    "project_retention": "retention",
    "RetentionProjection": "retention",
    "sbg_curves": "retention",
    "residual_lifetime_table": "retention",
    "monthly_survival": "retention",
    "constant_churn_derl": "retention",
    "purchase_tracking": "clv",
    "p_alive_grid": "clv",
    "score_customers": "clv",
    "top_share": "clv",
    "clv_summary": "clv",
    "plot_mixture": "plotting.retention",
    "plot_retention_projection": "plotting.retention",
    "plot_retention_rates": "plotting.retention",
    "plot_sbg_curves": "plotting.retention",
    "plot_residual_value": "plotting.retention",
    "plot_p_alive": "plotting.retention",
    "plot_purchase_tracking": "plotting.retention",
    "plot_clv_distribution": "plotting.retention",
    "mixture_explorer": "explorers.retention",
    "retention_projection_explorer": "explorers.retention",
    "sbg_explorer": "explorers.retention",
    "p_alive_explorer": "explorers.retention",
    "clv_explorer": "explorers.retention",
    # chapter 05 (loyalty) go here
    "loyalty_segments": "loyalty",
    "loyalty_matrix": "loyalty",
    "make_loyalty_customers": "loyalty",
    "acceptance_table": "loyalty",
    "substitute_prices": "loyalty",
    "campaign_counts": "loyalty",
    "stockout_outcomes": "loyalty",
    "compare_preparation": "loyalty",
    "preparation_by_share": "loyalty",
    "simulate_stockout": "loyalty",
    "summarise_stockout": "loyalty",
    "sellout_day": "loyalty",
    "substitute_plan": "loyalty",
    "review_dictionary": "loyalty",
    "classify_review": "loyalty",
    "classify_reviews": "loyalty",
    "evaluate_review_classifier": "loyalty",
    "simulate_repeat_base": "loyalty",
    "counts_and_rates": "loyalty",
    "counts_by_conversion": "loyalty",
    "review_rules": "loyalty",
    "plot_loyalty_matrix": "plotting.loyalty",
    "plot_stockout": "plotting.loyalty",
    "plot_stockout_by_need": "plotting.loyalty",
    "plot_repeat_rate": "plotting.loyalty",
    "plot_fans_and_leavers": "plotting.loyalty",
    "stockout_explorer": "explorers.loyalty",
    "counts_rates_explorer": "explorers.loyalty",
    "loyalty_matrix_explorer": "explorers.loyalty",
    # chapter 06 (designing success) go here
    "experience_score": "journey",
    "simulate_party_survey": "journey",
    "summarise_experience": "journey",
    "experience_what_if": "journey",
    "dance_school_ladder": "journey",
    "ladder_matrix": "journey",
    "ladder_ltv": "journey",
    "ladder_values": "journey",
    "plan_values": "journey",
    "ladder_occupancy": "journey",
    "simulate_ladder": "journey",
    "success_vs_ltv": "journey",
    "delivery_outcomes": "journey",
    "simulate_delivery": "journey",
    "compare_delivery": "journey",
    "free_to_paid": "journey",
    "simulate_cancellations": "journey",
    "tally_cancellations": "journey",
    "recovery_by_fix": "journey",
    "new_business_from_share": "journey",
    "BusinessModel": "journey",
    "RevenueModel": "journey",
    "article_business_model": "journey",
    "five_points": "journey",
    "plot_experience": "plotting.journey",
    "plot_experience_what_if": "plotting.journey",
    "plot_ladder": "plotting.journey",
    "plot_plan_values": "plotting.journey",
    "plot_ladder_occupancy": "plotting.journey",
    "plot_delivery": "plotting.journey",
    "plot_recovery": "plotting.journey",
    "ladder_explorer": "explorers.journey",
    "experience_explorer": "explorers.journey",
    "delivery_explorer": "explorers.journey",
    "service_explorer": "explorers.journey",
    "new_business_explorer": "explorers.journey",
    "plot_free_to_paid": "plotting.journey",
    "plot_new_business": "plotting.journey",
    # capstone
    "load_presets": "capstone",
    "business_preset": "capstone",
    "check_preset": "capstone",
    "preset_sbg": "capstone",
    "preset_ladder": "capstone",
    "analyse_business": "capstone",
    "business_report": "capstone",
    "CapstoneAnalysis": "capstone",
    "plot_business_report": "plotting.capstone",
    "plot_monthly_retention": "plotting.capstone",
    # exercises
    "check": "exercises",
    # versions cell
    "versions": "about",
}

# sub-modules reachable as attributes, e.g. cs.business_models.simulate("prepaid", ...)
_SUBMODULES = {
    "business_models", "models", "ltv", "pnl", "otv", "growth", "transactions", "ownership", "data",
    "plotting", "explorers", "loyalty", "journey", "retention", "clv",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"cslearn.{name}")
    if name in _EXPORTS:
        module = importlib.import_module(f"cslearn.{_EXPORTS[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cslearn' has no attribute {name!r}")


def __dir__():
    return __all__
