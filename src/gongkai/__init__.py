"""gongkai (公开): read, audit and write 政府信息公开工作年度报告 (国办公开办函〔2021〕30号 format)."""

__version__ = "0.1.0"
