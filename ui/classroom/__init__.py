"""Classroom tools: lesson links, the lesson builder, a class's own data, and export."""
