"""Parts shared by every screen: messages, forms, lists, dates, sections and file choosers."""
